using Gateway.Core.Configuration;
using Gateway.Snapshots;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gateway.Health;

/// <summary>Joins the configuration in force, <see cref="ServerHealthTable"/> and YARP's per-destination state.</summary>
internal sealed class ServerStatusTable(IGatewaySnapshotAccessor snapshots, ServerHealthTable health, IProxyStateLookup proxyState) : IServerStatusTable
{
    public IReadOnlyList<ClusterStatus> GetClusters() =>
        [.. snapshots.Current.Config.Clusters.OrderBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Select(Describe)];

    public ClusterStatus? GetCluster(string clusterId) =>
        snapshots.Current.Config.Clusters.FirstOrDefault(c => c.Id.Equals(clusterId, StringComparison.OrdinalIgnoreCase)) is { } cluster ? Describe(cluster) : null;

    // The health table holds only servers of clusters that are checked now, so this is one lookup.
    public ServerHealth GetHealth(string clusterId, string serverId) => health.Get(clusterId, serverId);

    private ClusterStatus Describe(ClusterConfig cluster)
    {
        proxyState.TryGetCluster(cluster.Id, out var state);
        var available = state?.DestinationsState.AvailableDestinations ?? [];
        var servers = cluster.Servers
            .OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase)
            .Select(server =>
            {
                DestinationState? destination = null;
                state?.Destinations.TryGetValue(server.Id, out destination);
                return new ServerStatus(
                    server.Id,
                    server.Address,
                    server.State,
                    server.Weight,
                    server.Backup,
                    cluster.HealthCheck is null ? ServerHealth.NotChecked : health.Get(cluster.Id, server.Id),
                    destination?.ConcurrentRequestCount ?? 0,
                    destination is not null && available.Contains(destination));
            })
            .ToList();
        return new ClusterStatus(cluster.Id, cluster.LoadBalancing, cluster.HealthCheck, available.Count, servers);
    }
}
