using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;

namespace Gateway.Model;

/// <summary>A certificate with its key, ready for handshakes: built once, shared by every listener and connection that presents it.</summary>
internal sealed class LoadedCertificate(CertificateConfig source, SslStreamCertificateContext context, IReadOnlyList<string> hostNames)
{
    /// <summary>The entity it was loaded from; an unchanged one is not loaded again.</summary>
    public CertificateConfig Source { get; } = source;

    public SslStreamCertificateContext Context { get; } = context;

    /// <summary>DNS names of the leaf's subject alternative names, lower case; wildcards as <c>*.example.com</c>.</summary>
    public IReadOnlyList<string> HostNames { get; } = hostNames;

    public X509Certificate2 Leaf => Context.TargetCertificate;

    public bool IsSameAs(CertificateConfig config) =>
        string.Equals(Source.Certificate, config.Certificate, StringComparison.Ordinal) && string.Equals(Source.Key, config.Key, StringComparison.Ordinal);
}
