using System.Text.Json.Serialization;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Api.Certificates;

/// <summary>
/// A certificate as <c>/certificates</c> shows it: the public chain and what it says (subject, host
/// names, validity, thumbprint), never the key. Writes send <c>certificate</c> and <c>key</c> (PEM);
/// the other fields are read-only and ignored when sent back, as a merge patch does.
/// </summary>
internal sealed record CertificateResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("certificate")] string Certificate,
    [property: JsonPropertyName("key")] string? Key = null,
    [property: JsonPropertyName("thumbprint")] string? Thumbprint = null,
    [property: JsonPropertyName("subject")] string? Subject = null,
    [property: JsonPropertyName("hostNames")] List<string>? HostNames = null,
    [property: JsonPropertyName("notBefore")] DateTimeOffset? NotBefore = null,
    [property: JsonPropertyName("notAfter")] DateTimeOffset? NotAfter = null,
    [property: JsonPropertyName("expired")] bool? Expired = null)
{
    public static CertificateResource From(CertificateConfig certificate, TimeProvider time)
    {
        var thumbprint = CertificatePem.Thumbprint(certificate.Certificate);
        if (!CertificatePem.TryReadChain(certificate.Certificate, out var chain, out _))
        {
            return new(certificate.Id, certificate.Certificate, Thumbprint: thumbprint);
        }

        var leaf = chain[0];
        var resource = new CertificateResource(
            certificate.Id,
            certificate.Certificate,
            Thumbprint: thumbprint,
            Subject: leaf.Subject,
            HostNames: [.. CertificatePem.HostNames(leaf)],
            NotBefore: new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
            NotAfter: new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
            Expired: leaf.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime);
        foreach (var certificateInChain in chain)
        {
            certificateInChain.Dispose();
        }

        return resource;
    }

    /// <summary>The entity a write asks for: id, chain and key; read-only fields are ignored.</summary>
    public static CertificateConfig ToConfig(CertificateResource resource, string path, List<ValidationError> errors) =>
        new() { Id = resource.Id, Certificate = resource.Certificate, Key = string.IsNullOrWhiteSpace(resource.Key) ? null : resource.Key };
}
