using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Health;
using Gateway.LoadBalancing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using ClusterConfig = Gateway.Core.Configuration.ClusterConfig;
using RouteConfig = Gateway.Core.Configuration.RouteConfig;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRouteConfig = Yarp.ReverseProxy.Configuration.RouteConfig;
using Gateway.Forwarding.SendProxyHeader;

namespace Gateway.Forwarding;

/// <summary>
/// Maps our routes and clusters to YARP's. YARP compares these records when configuration
/// changes and rebuilds only what differs, so its per-cluster state (destinations, health,
/// connection pools) survives a swap that leaves the cluster unchanged.
/// </summary>
internal static class ProxyConfigMapper
{
    /// <summary>Route metadata key holding the comma-separated listener ids a route is bound to.</summary>
    public const string ListenersMetadataKey = "Gateway.Listeners";

    public static YarpRouteConfig MapRoute(RouteConfig route) => new()
    {
        RouteId = route.Id,
        ClusterId = route.Cluster,
        Order = route.Order,
        Match = new RouteMatch
        {
            Path = route.Path,
            Hosts = route.Hosts.Count > 0 ? route.Hosts : null,
            Methods = route.Methods.Count > 0 ? route.Methods : null,
        },
        // Kept in the route's own config (not looked up elsewhere) so that a change of listeners
        // alone makes YARP rebuild the route's endpoint.
        Metadata = route.Listeners.Count > 0
            ? new Dictionary<string, string> { [ListenersMetadataKey] = string.Join(',', route.Listeners) }
            : null,
    };

    /// <summary>Route metadata key marking a listener's catch-all route (see <see cref="MapListenerDefaultRoutes"/>).</summary>
    public const string ListenerDefaultMetadataKey = "Gateway.ListenerDefault";

    /// <summary>Route metadata key marking a listener's catch-all route that goes to the listener's default cluster when no use-backend chose one.</summary>
    public const string ListenerDefaultClusterMetadataKey = "Gateway.ListenerDefaultCluster";

    /// <summary>
    /// For each HTTP listener with a default cluster or rules that can choose a cluster with
    /// use-backend, a catch-all route tried after every other: a request no route matches still
    /// reaches the cluster its listener chose (as with HAProxy's use_backend in a frontend), or
    /// else its default cluster (default_backend), and gets the not-found page otherwise.
    /// </summary>
    public static IEnumerable<YarpRouteConfig> MapListenerDefaultRoutes(GatewayConfig config, DocumentRules rules)
    {
        foreach (var listener in config.Listeners)
        {
            if (listener.Mode == ListenerMode.Tcp)
            {
                continue;
            }

            if (listener.DefaultCluster is { } defaultCluster)
            {
                yield return new YarpRouteConfig
                {
                    RouteId = ListenerDefaultRouteId(listener.Id),
                    ClusterId = defaultCluster,
                    Order = int.MaxValue - 1,
                    Match = new RouteMatch { Path = "/{**gateway-catch-all}" },
                    Metadata = new Dictionary<string, string>
                    {
                        [ListenersMetadataKey] = listener.Id,
                        [ListenerDefaultMetadataKey] = "true",
                        [ListenerDefaultClusterMetadataKey] = "true",
                    },
                };
                continue;
            }

            var targets = rules.Listener(listener.Id).Syntax.Rules
                .Where(r => r.Phase == RulePhase.HttpRequest && r.Action.Name == "use-backend")
                .Select(r => r.Action.Arguments[0].Text)
                .ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            // YARP wants a cluster for every route; the listener's first fixed target does, and the
            // request is reassigned to whichever cluster the rules actually chose.
            var cluster = targets.FirstOrDefault(t => config.Clusters.Any(c => c.Id.Equals(t, StringComparison.OrdinalIgnoreCase)))
                ?? (config.Clusters.Count > 0 ? config.Clusters[0].Id : null);
            if (cluster is null)
            {
                continue;
            }

            yield return new YarpRouteConfig
            {
                RouteId = ListenerDefaultRouteId(listener.Id),
                ClusterId = cluster,
                Order = int.MaxValue - 1,
                Match = new RouteMatch { Path = "/{**gateway-catch-all}" },
                Metadata = new Dictionary<string, string> { [ListenersMetadataKey] = listener.Id, [ListenerDefaultMetadataKey] = "true" },
            };
        }
    }

    /// <summary>Route ids cannot contain a slash, so this never collides with a configured route.</summary>
    public static string ListenerDefaultRouteId(string listenerId) => $"listener/{listenerId}";

    public static YarpClusterConfig MapCluster(ClusterConfig cluster) => new()
    {
        ClusterId = cluster.Id,
        LoadBalancingPolicy = WeightedLoadBalancingPolicies.For(cluster.LoadBalancing),
        // Draining servers stay destinations (health-checked, requests in flight counted) but get no
        // new requests: ServerAvailabilityPolicy leaves them out, with weight 0 and idle backups.
        // Servers in maintenance are not destinations at all. (No session affinity is configured; YARP's
        // policies, HashCookie included, would work, but the configuration model has no setting for one.)
        Destinations = cluster.Servers
            .Where(server => server.State != ServerState.Maintenance && !TcpServerAddress.IsTcp(server.Address))
            .ToDictionary(server => server.Id, server => new DestinationConfig { Address = server.Address, Metadata = ServerMetadata.For(server) }, StringComparer.OrdinalIgnoreCase),
        HealthCheck = HealthCheckMapper.Map(cluster.HealthCheck),
        // HAProxy's "timeout server": a try that gets no byte for this long fails (and is retried when that is safe).
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = cluster.ActivityTimeout ?? DefaultActivityTimeout },
        HttpClient = cluster.MaxConnectionsPerServer is { } max ? new HttpClientConfig { MaxConnectionsPerServer = max } : null,
        Metadata = Merge(Merge(HealthCheckMapper.Metadata(cluster.HealthCheck), SendProxyClusterSettings.Metadata(cluster)), HostHeaderMetadata(cluster)),
    };

    /// <summary>The activity timeout of a cluster that sets none: shorter than YARP's 100 s, as a hung server costs each request that reaches it this long.</summary>
    public static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string>? HostHeaderMetadata(ClusterConfig cluster) =>
        HostHeaderTransform.MetadataValue(cluster) is { } value ? new Dictionary<string, string> { [HostHeaderTransform.MetadataKey] = value } : null;

    // YARP has one metadata bag per cluster; health checks and the HTTP client settings each fill their part.
    private static Dictionary<string, string>? Merge(Dictionary<string, string>? first, Dictionary<string, string>? second)
    {
        if (first is null || second is null)
        {
            return first ?? second;
        }

        foreach (var (key, value) in second)
        {
            first[key] = value;
        }

        return first;
    }
}
