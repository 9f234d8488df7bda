using Gateway.Core.Configuration;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using Gateway.Model;
using Gateway.Tcp;
using Gateway.Health;
using Gateway.Backends;
using Gateway.Queues;

namespace Gateway.Status;

/// <summary>
/// Joins the configuration in force, <see cref="ServerHealthTable"/> and the traffic state: YARP's
/// per-destination state for HTTP clusters, TCP mode's candidates and counters for clusters of tcp:// servers.
/// </summary>
internal sealed class ServerStatusTable(
    IGatewaySnapshotAccessor snapshots, ServerHealthTable health, IProxyStateLookup proxyState,
    ITcpServerCandidates tcpCandidates, TcpTrafficTable tcpTraffic, PassiveHealthTable passive, BackendCounters forwarding,
    ClusterQueues queues, TimeProvider time) : IServerStatusTable
{
    public IReadOnlyList<ClusterStatus> GetClusters() =>
        [.. snapshots.Current.Config.Clusters.OrderBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Select(Describe)];

    public ClusterStatus? GetCluster(string clusterId) =>
        snapshots.Current.Config.Clusters.FirstOrDefault(c => c.Id.Equals(clusterId, StringComparison.OrdinalIgnoreCase)) is { } cluster ? Describe(cluster) : null;

    // The health table holds only servers of clusters that are checked now, so this is one lookup.
    public ServerHealth GetHealth(string clusterId, string serverId) => health.Get(clusterId, serverId);

    private ClusterStatus Describe(ClusterConfig cluster) =>
        cluster.Servers.Any(s => TcpServerAddress.IsTcp(s.Address)) ? DescribeTcp(cluster) : DescribeHttp(cluster);

    private ClusterStatus DescribeHttp(ClusterConfig cluster)
    {
        proxyState.TryGetCluster(cluster.Id, out var state);
        var available = state?.DestinationsState.AvailableDestinations ?? [];
        var servers = cluster.Servers
            .OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase)
            .Select(server =>
            {
                DestinationState? destination = null;
                state?.Destinations.TryGetValue(server.Id, out destination);
                var passiveHealth = passive.State(cluster.Id, server.Id);
                var takesTraffic = destination is not null && available.Contains(destination) && passiveHealth.EjectedUntil is null;
                return Status(cluster, server, destination?.ConcurrentRequestCount ?? 0, takesTraffic) with
                {
                    Forwarding = forwarding.Server(cluster.Id, server.Id),
                    PassiveHealth = passiveHealth,
                };
            })
            .ToList();
        var queue = queues.Find(cluster.Id);
        return new ClusterStatus(cluster.Id, cluster.LoadBalancing, cluster.HealthCheck, servers.Count(s => s.TakesNewTraffic), servers)
        {
            Forwarding = forwarding.Cluster(cluster.Id),
            Queued = queue?.Queued ?? 0,
        };
    }

    /// <summary>What TCP mode would offer the next connection, and its passive health marks.</summary>
    private ClusterStatus DescribeTcp(ClusterConfig cluster)
    {
        var now = time.GetUtcNow();
        var candidates = tcpCandidates.Candidates(cluster, now).Select(c => c.Server.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var servers = cluster.Servers
            .OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase)
            .Select(server =>
            {
                var traffic = tcpTraffic.Server(cluster.Id, server.Id);
                return Status(cluster, server, (int)Math.Min(int.MaxValue, traffic.Active), candidates.Contains(server.Id)) with
                {
                    ConnectFailures = traffic.ConnectFailures,
                    MarkedDownUntil = traffic.IsDown(now) ? traffic.DownUntil : null,
                };
            })
            .ToList();
        return new ClusterStatus(cluster.Id, cluster.LoadBalancing, cluster.HealthCheck, candidates.Count, servers);
    }

    private ServerStatus Status(ClusterConfig cluster, ServerConfig server, int inFlight, bool takesNewTraffic) => new(
        server.Id,
        server.Address,
        server.State,
        server.Weight,
        server.Backup,
        cluster.HealthCheck is null ? ServerHealth.NotChecked : health.Get(cluster.Id, server.Id),
        inFlight,
        takesNewTraffic);
}
