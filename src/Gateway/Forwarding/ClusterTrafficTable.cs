using Gateway.Core.Tracking;
using Gateway.Model;

namespace Gateway.Forwarding;

/// <summary>
/// Per-cluster counters of the requests each cluster was actually sent (after any use-backend), for every
/// cluster of the snapshot in force; clusters that leave the configuration lose theirs.
/// </summary>
internal sealed class ClusterTrafficTable
{
    private readonly EntityStateTable<RequestCounters> _table = new(_ => new RequestCounters());

    internal ClusterTrafficTable(SnapshotHolder holder)
    {
        holder.Subscribe(snapshot => _table.Retain(snapshot.Config.Clusters.Select(c => c.Id).ToHashSet(StringComparer.OrdinalIgnoreCase)));
    }

    public RequestCounters Get(string clusterId) => _table.GetOrAdd(clusterId);

    public IReadOnlyCollection<KeyValuePair<string, RequestCounters>> All => _table.Entries;
}
