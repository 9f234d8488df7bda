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
}
