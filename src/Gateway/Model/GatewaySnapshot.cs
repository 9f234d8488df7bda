using System.Collections.Frozen;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.StickTables;
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
        _routesById = config.Routes.ToFrozenDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        HasConcurrencyLimits = config.Routes.Any(r => r.Concurrency is not null) || config.Clusters.Any(c => c.Concurrency is not null);
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

    private readonly FrozenDictionary<string, RouteConfig> _routesById;

    /// <summary>The route with this id, or null.</summary>
    public RouteConfig? Route(string id) => _routesById.GetValueOrDefault(id);

    /// <summary>Whether any route or cluster limits its concurrent requests (so requests without need skip the lookups).</summary>
    internal bool HasConcurrencyLimits { get; }

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

    /// <summary>The stick tables rules count in; a table unchanged by a commit is the same object in the next snapshot, entries and all.</summary>
    public StickTableSet StickTables { get; init; } = StickTableSet.Empty;
}
