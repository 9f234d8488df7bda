using System.Collections.Frozen;
using Gateway.Core.Configuration;

namespace Gateway.Model;

/// <summary>The TLS listeners of one snapshot, each with its certificates indexed by host name.</summary>
internal sealed class ListenerTlsTable
{
    private readonly FrozenDictionary<string, ListenerCertificates> _byListener;

    private ListenerTlsTable(FrozenDictionary<string, ListenerCertificates> byListener) => _byListener = byListener;

    public static ListenerTlsTable Empty { get; } = new(FrozenDictionary<string, ListenerCertificates>.Empty);

    /// <summary>Null when the listener has no certificates in this snapshot (or does not exist).</summary>
    public ListenerCertificates? For(string listenerId) => _byListener.GetValueOrDefault(listenerId);

    /// <summary>Indexes the certificates of every TLS listener; <paramref name="certificates"/> holds every certificate a listener names (validation saw to that).</summary>
    public static ListenerTlsTable Build(GatewayConfig config, IReadOnlyDictionary<string, LoadedCertificate> certificates)
    {
        var byListener = new Dictionary<string, ListenerCertificates>(StringComparer.OrdinalIgnoreCase);
        foreach (var listener in config.Listeners)
        {
            if (listener.Certificates.Count > 0 && listener.Certificates.All(certificates.ContainsKey))
            {
                byListener[listener.Id] = new ListenerCertificates(listener, certificates);
            }
        }

        return byListener.Count == 0 ? Empty : new(byListener.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}
