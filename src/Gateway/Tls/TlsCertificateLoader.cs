using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Tls;

/// <summary>
/// Turns a document's certificates into <see cref="SslStreamCertificateContext"/>s. A certificate
/// whose PEM is unchanged since the last build is reused rather than loaded again, so a commit that
/// touches a route does not rebuild every TLS context. Warns once per loaded certificate that has expired.
/// </summary>
internal sealed partial class TlsCertificateLoader(TimeProvider time, ILogger<TlsCertificateLoader> logger)
{
    private readonly Lock _lock = new();

    // The certificates of the last two builds: a preview's are reused by the commit after it, and a
    // certificate that has left the configuration is let go (key and all) instead of kept for good.
    private Dictionary<string, LoadedCertificate> _last = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, LoadedCertificate> _beforeLast = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every certificate of <paramref name="config"/> by id; problems are added to <paramref name="errors"/> with their path.</summary>
    public Dictionary<string, LoadedCertificate> Load(GatewayConfig config, List<ValidationError> errors)
    {
        lock (_lock)
        {
            var loaded = new Dictionary<string, LoadedCertificate>(config.Certificates.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var certificate in config.Certificates)
            {
                if (Known(certificate) is { } known)
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

            _beforeLast = _last;
            _last = loaded;
            return loaded;
        }
    }

    /// <summary>The ids of the certificates kept for reuse by the next build.</summary>
    internal IReadOnlySet<string> Retained
    {
        get
        {
            lock (_lock)
            {
                return _last.Keys.Concat(_beforeLast.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    private LoadedCertificate? Known(CertificateConfig certificate) =>
        _last.TryGetValue(certificate.Id, out var last) && last.IsSameAs(certificate) ? last
        : _beforeLast.TryGetValue(certificate.Id, out var before) && before.IsSameAs(certificate) ? before
        : null;

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
