using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Certificates;

/// <summary>
/// Reads certificate chains and private keys in PEM. Every failure comes back as a sentence a
/// person can act on; none quotes key material.
/// </summary>
public static class CertificatePem
{
    private const string CertificateLabel = "CERTIFICATE";
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>
    /// The SHA-256 hash of the leaf (the first certificate of <paramref name="pem"/>) in upper-case hex:
    /// the name under which the admin store keeps its key. Null when there is no certificate block.
    /// </summary>
    public static string? Thumbprint(string? pem)
    {
        var der = FirstCertificateDer(pem);
        return der is null ? null : Convert.ToHexString(SHA256.HashData(der));
    }

    /// <summary>Reads every certificate of a chain, leaf first.</summary>
    public static bool TryReadChain(string? pem, out X509Certificate2Collection chain, out string? error)
    {
        chain = [];
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = "The certificate is empty; paste the chain in PEM, starting with -----BEGIN CERTIFICATE-----.";
            return false;
        }

        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (label != CertificateLabel)
            {
                error = KeyLabels.Contains(label) || label.Contains("PRIVATE", StringComparison.Ordinal)
                    ? $"The chain holds a '{label}' block; put the private key in the key field, and only certificates here."
                    : $"The chain holds a '{label}' block; only CERTIFICATE blocks belong in a chain.";
                return false;
            }

            try
            {
                chain.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                error = $"Certificate {chain.Count + 1} of the chain cannot be read as X.509 ({ex.Message.TrimEnd('.')}).";
                return false;
            }

            rest = rest[fields.Location.End.Value..];
        }

        if (chain.Count == 0)
        {
            error = "No certificate found; paste the chain in PEM, each certificate between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The leaf of <paramref name="certificatePem"/> joined with <paramref name="keyPem"/>, and the rest of
    /// the chain. Fails when the key cannot be read, is encrypted, or belongs to another certificate.
    /// </summary>
    public static bool TryLoad(string certificatePem, string? keyPem, out X509Certificate2? leaf, out X509Certificate2Collection intermediates, out string? error)
    {
        leaf = null;
        intermediates = [];
        if (!TryReadChain(certificatePem, out var chain, out error))
        {
            return false;
        }

        if (!TryCheckKeyText(keyPem, out error))
        {
            return false;
        }

        try
        {
            leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (ArgumentException)
        {
            error = "The key does not belong to this certificate: its public key differs from the leaf's (the first certificate of the chain). Send the key the certificate was issued for.";
            return false;
        }
        catch (CryptographicException)
        {
            error = $"The key cannot be read, or is not the kind of key the certificate holds ({KeyKind(chain[0])}); give the certificate's unencrypted key in PEM.";
            return false;
        }

        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        chain[0].Dispose();
        return true;
    }

    /// <summary>The DNS names of the leaf's subject alternative names, lower case (<c>*.example.com</c> for a wildcard).</summary>
    public static IReadOnlyList<string> HostNames(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var names = new List<string>();
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var name in san.EnumerateDnsNames())
                {
                    var lower = name.TrimEnd('.').ToLowerInvariant();
                    if (lower.Length > 0 && !names.Contains(lower))
                    {
                        names.Add(lower);
                    }
                }
            }
        }

        return names;
    }

    private static string KeyKind(X509Certificate2 leaf) => leaf.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.10045.2.1" => "ECDSA",
        var other => other ?? "unknown",
    };

    private static bool TryCheckKeyText(string? keyPem, out string? error)
    {
        if (string.IsNullOrWhiteSpace(keyPem))
        {
            error = "The certificate has no private key; give the key in PEM (-----BEGIN PRIVATE KEY-----).";
            return false;
        }

        if (!PemEncoding.TryFind(keyPem, out var fields))
        {
            error = "The key is not PEM; give it between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----.";
            return false;
        }

        var label = keyPem.AsSpan()[fields.Label].ToString();
        if (label == "ENCRYPTED PRIVATE KEY")
        {
            error = "The key is encrypted; give it unencrypted (for example: openssl pkey -in key.pem -out plain.pem). The store encrypts it at rest.";
            return false;
        }

        if (!KeyLabels.Contains(label))
        {
            error = $"The key field holds a '{label}' block; expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY.";
            return false;
        }

        error = null;
        return true;
    }

    private static byte[]? FirstCertificateDer(string? pem)
    {
        if (string.IsNullOrEmpty(pem))
        {
            return null;
        }

        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(CertificateLabel))
            {
                var der = new byte[fields.DecodedDataLength];
                return Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out var written) ? der[..written] : null;
            }

            rest = rest[fields.Location.End.Value..];
        }

        return null;
    }
}
