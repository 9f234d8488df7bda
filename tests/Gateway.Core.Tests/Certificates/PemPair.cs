using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;

namespace Gateway.Core.Tests.Certificates;

/// <summary>A self-signed certificate and its key in PEM, made here (Core's tests stand apart from the gateway's helpers).</summary>
internal sealed record PemPair(string Certificate, string Key, string Thumbprint)
{
    public static PemPair Create(string dnsName, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        using var certificate = request.CreateSelfSigned(end.AddDays(-60), end);
        return new(certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    public CertificateConfig Config(string id) => new() { Id = id, Certificate = Certificate, Key = Key };
}
