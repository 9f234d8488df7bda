using Gateway.Admin.Store;
using Gateway.Listeners;
using Gateway.Model;
using Gateway.Status;

namespace Gateway.Admin.Ui.Services;

/// <summary>Reads <see cref="OverviewStats"/> for the overview page.</summary>
internal sealed class OverviewStatsReader(
    IGatewaySnapshotAccessor snapshots,
    IGatewayListeners listeners,
    IGatewayStatus traffic,
    IServerStatusTable servers,
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
            [.. running.Select(ListenerView.From)],
            [.. config.Routes.Select(r => Traffic(r.Id, traffic.Route(r.Id), r.Cluster))],
            [.. config.Clusters.Select(c => Traffic(c.Id, traffic.Cluster(c.Id), cluster: null))],
            [.. servers.GetClusters().SelectMany(c => c.Servers.Select(s => ServerView.From(c.Id, s)))],
            TcpOverview.Read(config, traffic));
    }

    private static TrafficView Traffic(string id, RequestCounts counters, string? cluster) => new(id, counters.Requests, counters.ServerErrors, cluster);
}
