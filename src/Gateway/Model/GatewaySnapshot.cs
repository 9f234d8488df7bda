using System.Collections.Frozen;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRouteConfig = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Gateway.Model;

/// <summary>
/// A validated configuration compiled once into what the hot path needs. Immutable: the running
/// gateway holds one in a single reference and replaces it whole when configuration changes.
/// </summary>
public sealed class GatewaySnapshot
{
    internal GatewaySnapshot(GatewayConfig config, string version, long generation, DateTimeOffset createdAt,
        IReadOnlyList<ListenerPlan> listeners, IReadOnlyList<YarpRouteConfig> proxyRoutes, IReadOnlyList<YarpClusterConfig> proxyClusters, DocumentRules rules)
    {
        Rules = rules;
        Config = config;
        _listenersById = config.Listeners.ToFrozenDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
        _clustersById = config.Clusters.ToFrozenDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
        Version = version;
        Generation = generation;
        CreatedAt = createdAt;
        Listeners = listeners;
        ProxyRoutes = proxyRoutes;
        ProxyClusters = proxyClusters;
    }

    /// <summary>The snapshot in force before any configuration was loaded: nothing is routed.</summary>
    public static GatewaySnapshot Empty { get; } = new(GatewayConfig.Empty, "empty", 0, DateTimeOffset.MinValue, [], [], [], DocumentRules.Empty);

    private readonly FrozenDictionary<string, ListenerConfig> _listenersById;

    public GatewayConfig Config { get; }

    /// <summary>A listener's configuration by id (case-insensitive), or null; read per connection and per tarpit.</summary>
    public ListenerConfig? Listener(string id) => _listenersById.GetValueOrDefault(id);

    private readonly FrozenDictionary<string, ClusterConfig> _clustersById;

    /// <summary>The cluster with this id (case-insensitive), or null.</summary>
    public ClusterConfig? Cluster(string id) => _clustersById.GetValueOrDefault(id);

    /// <summary>Where the document came from, e.g. <c>Gateway #2</c> or <c>revision 7</c>.</summary>
    public string Version { get; }

    /// <summary>Increases with every snapshot built in this process, starting at 1.</summary>
    public long Generation { get; }

    public DateTimeOffset CreatedAt { get; }

    internal IReadOnlyList<ListenerPlan> Listeners { get; }

    /// <summary>Every listener's, route's and cluster's compiled rules.</summary>
    public DocumentRules Rules { get; }

    internal IReadOnlyList<YarpRouteConfig> ProxyRoutes { get; }

    internal IReadOnlyList<YarpClusterConfig> ProxyClusters { get; }

    /// <summary>Each TLS listener's certificates, loaded once for this snapshot and chosen by SNI per handshake.</summary>
    internal ListenerTlsTable Tls { get; init; } = ListenerTlsTable.Empty;
}
