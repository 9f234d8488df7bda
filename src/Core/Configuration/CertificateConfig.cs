namespace Gateway.Core.Configuration;

/// <summary>
/// A TLS certificate that listeners present (HAProxy's <c>crt</c>). The host names it serves are
/// the DNS names in its leaf's subject alternative names, wildcards such as <c>*.example.com</c> included.
/// </summary>
public sealed record CertificateConfig
{
    public required string Id { get; init; }

    /// <summary>The chain in PEM, leaf first, then the intermediates a client needs to reach its root.</summary>
    public required string Certificate { get; init; }

    /// <summary>
    /// The leaf's private key in PEM (unencrypted PKCS#8, PKCS#1 or SEC1). Documents written out never
    /// carry it: the admin store keeps keys apart, encrypted, and finds them again by the certificate's thumbprint.
    /// </summary>
    public string? Key { get; init; }
}
