using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;

namespace Gateway.Tests.Common;

/// <summary>A certificate made in the test: its PEM chain, its key and the SHA-256 thumbprint of its leaf.</summary>
public sealed record TestCertificate(string Id, string CertificatePem, string KeyPem, string Thumbprint)
{
    public CertificateConfig Config => new() { Id = Id, Certificate = CertificatePem, Key = KeyPem };

    /// <summary>The key's base64 body on one line, to look for it in stored bytes and responses.</summary>
    public string KeyBody => string.Concat(KeyPem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));

    /// <summary>A long run of the key's base64 as PEM wraps it, which any copy of the key in PEM contains.</summary>
    public string KeyLine => KeyPem.Split('\n')[1];
}

/// <summary>Self-signed ECDSA P-256 certificates for server authentication, made with <see cref="CertificateRequest"/>.</summary>
public static class TestCertificates
{
    public static TestCertificate Create(string id, params string[] dnsNames) => Create(id, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), dnsNames);

    public static TestCertificate Create(string id, DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={(dnsNames.Length > 0 ? dnsNames[0] : id)}"), key, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return new TestCertificate(id, certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    /// <summary>
    /// A leaf issued by an intermediate issued by a root, all made here: the leaf's PEM is the chain
    /// (leaf, then intermediate), and the root, which a client must trust, is returned apart.
    /// </summary>
    public static (TestCertificate Leaf, X509Certificate2 Root) CreateChain(string id, string dnsName)
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = CaRequest("CN=Gateway test root", rootKey);
        var root = rootRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = CaRequest("CN=Gateway test intermediate", intermediateKey)
            .Create(root, notBefore, notAfter, [1, 2, 3, 4]).CopyWithPrivateKey(intermediateKey);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={dnsName}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var leaf = leafRequest.Create(intermediate, notBefore, notAfter.AddDays(-1), [5, 6, 7, 8]);

        var chainPem = leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n";
        return (new TestCertificate(id, chainPem, leafKey.ExportPkcs8PrivateKeyPem() + "\n", leaf.GetCertHashString(HashAlgorithmName.SHA256)), root);
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return request;
    }
}
