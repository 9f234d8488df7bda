using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Microsoft.Extensions.Logging;

namespace Gateway.Tls;

/// <summary>
/// Turns a document's certificates into <see cref="SslStreamCertificateContext"/>s. A certificate
/// whose PEM is unchanged since the last build is reused rather than loaded again, so a commit that
/// touches a route does not rebuild every TLS context. Warns once per loaded certificate that has expired.
/// </summary>
internal sealed partial class TlsCertificateLoader(TimeProvider time, ILogger<TlsCertificateLoader> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LoadedCertificate> _previous = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every certificate of <paramref name="config"/> by id; problems are added to <paramref name="errors"/> with their path.</summary>
    public Dictionary<string, LoadedCertificate> Load(GatewayConfig config, List<ValidationError> errors)
    {
        lock (_lock)
        {
            var loaded = new Dictionary<string, LoadedCertificate>(config.Certificates.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var certificate in config.Certificates)
            {
                if (_previous.TryGetValue(certificate.Id, out var known) && known.IsSameAs(certificate))
                {
                    loaded[certificate.Id] = known;
                }
                else if (TryLoad(certificate, out var fresh, out var error))
                {
                    loaded[certificate.Id] = fresh!;
                }
                else
                {
                    errors.Add(new($"certificates[{certificate.Id}].key", error!));
                }
            }

            // Keep what this build uses (a preview's certificates too, which the commit after it reuses).
            foreach (var (id, certificate) in loaded)
            {
                _previous[id] = certificate;
            }

            return loaded;
        }
    }

    private bool TryLoad(CertificateConfig certificate, out LoadedCertificate? loaded, out string? error)
    {
        loaded = null;
        if (!CertificatePem.TryLoad(certificate.Certificate, certificate.Key, out var leaf, out var intermediates, out error))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use a key that exists only in memory; a PKCS#12 round trip gives it a key container.
            using var ephemeral = leaf!;
            leaf = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        // offline: never fetch missing intermediates from the network while building a snapshot.
        var context = SslStreamCertificateContext.Create(leaf!, intermediates, offline: true);
        loaded = new LoadedCertificate(certificate, context, CertificatePem.HostNames(leaf!));
        if (leaf!.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
        {
            LogExpired(logger, certificate.Id, leaf.Subject, leaf.NotAfter.ToUniversalTime());
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {Certificate} ({Subject}) expired on {NotAfter:u}; listeners present it anyway, and clients that check expiry will refuse it. Replace it.")]
    private static partial void LogExpired(ILogger logger, string certificate, string subject, DateTime notAfter);
}
