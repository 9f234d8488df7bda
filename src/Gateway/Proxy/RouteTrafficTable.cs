using Gateway.Core.Tracking;
using Gateway.Snapshots;

namespace Gateway.Proxy;

/// <summary>Per-route counters for every route of the snapshot in force; routes that leave the configuration lose theirs.</summary>
public sealed class RouteTrafficTable
{
    private readonly EntityStateTable<RouteTraffic> _table = new(_ => new RouteTraffic());

    internal RouteTrafficTable(SnapshotHolder holder)
    {
        holder.Subscribe(snapshot => _table.Retain(snapshot.Config.Routes.Select(r => r.Id).ToHashSet(StringComparer.OrdinalIgnoreCase)));
    }

    public RouteTraffic Get(string routeId) => _table.GetOrAdd(routeId);

    public IReadOnlyCollection<KeyValuePair<string, RouteTraffic>> All => _table.Entries;
}
