using Gateway.Admin.Store;
using Gateway.Connections.Tcp;
using Gateway.Health;
using Gateway.Listeners;
using Gateway.Proxy;
using Gateway.Snapshots;

namespace Gateway.Admin.Ui.Services;

/// <summary>Reads <see cref="OverviewStats"/> for the overview page.</summary>
internal sealed class OverviewStatsReader(
    IGatewaySnapshotAccessor snapshots,
    IGatewayListeners listeners,
    RouteTrafficTable routeTraffic,
    ClusterTrafficTable clusterTraffic,
    IServerStatusTable servers,
    TcpTrafficTable tcpTraffic,
    ConfigStore store,
    TimeProvider time)
{
    public OverviewStats Read() => Read(snapshots.Current, listeners.All);

    /// <summary>The stats of <paramref name="snapshot"/>, with its layout digest taken from the same <paramref name="running"/> listeners the page draws.</summary>
    public OverviewStats Read(GatewaySnapshot snapshot, IReadOnlyList<BoundListener> running)
    {
        var config = snapshot.Config;
        return new OverviewStats(
            snapshot.Version,
            snapshot.Generation,
            store.Read().Revision,
            OverviewLayout.Digest(config, running),
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            [.. running.Select(ListenerRow.From)],
            [.. config.Routes.Select(r => Row(r.Id, routeTraffic.Get(r.Id), r.Cluster))],
            [.. config.Clusters.Select(c => Row(c.Id, clusterTraffic.Get(c.Id), cluster: null))],
            [.. servers.GetClusters().SelectMany(c => c.Servers.Select(s => ServerRow.From(c.Id, s)))],
            TcpOverview.Read(config, tcpTraffic));
    }

    private static TrafficRow Row(string id, RequestCounters counters, string? cluster) => new(id, counters.Requests, counters.ServerErrors, cluster);
}
