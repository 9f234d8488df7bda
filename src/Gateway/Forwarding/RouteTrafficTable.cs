using Gateway.Core.Tracking;
using Gateway.Model;

namespace Gateway.Forwarding;

/// <summary>Per-route counters for every route of the snapshot in force; routes that leave the configuration lose theirs.</summary>
internal sealed class RouteTrafficTable
{
    private readonly EntityStateTable<RequestCounters> _table = new(_ => new RequestCounters());

    internal RouteTrafficTable(SnapshotHolder holder)
    {
        holder.Subscribe(snapshot => _table.Retain(snapshot.Config.Routes.Select(r => r.Id).ToHashSet(StringComparer.OrdinalIgnoreCase)));
    }

    public RequestCounters Get(string routeId) => _table.GetOrAdd(routeId);

    public IReadOnlyCollection<KeyValuePair<string, RequestCounters>> All => _table.Entries;
}
