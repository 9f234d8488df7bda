using System.Collections.Concurrent;
using Gateway.Model;

namespace Gateway.Queues;

/// <summary>Each cluster's <see cref="ClusterQueue"/>, kept by id across configuration swaps (requests in flight keep their places).</summary>
internal sealed class ClusterQueues
{
    private readonly ConcurrentDictionary<string, ClusterQueue> _queues = new(StringComparer.OrdinalIgnoreCase);

    public ClusterQueues(SnapshotHolder snapshots)
    {
        snapshots.Subscribe(next =>
        {
            foreach (var id in _queues.Keys)
            {
                if (next.Cluster(id) is null && _queues.TryGetValue(id, out var queue) && queue.Queued == 0)
                {
                    _queues.TryRemove(id, out _);
                }
            }
        });
    }

    public ClusterQueue For(string clusterId) => _queues.GetOrAdd(clusterId, static _ => new ClusterQueue());

    public ClusterQueue? Find(string clusterId) => _queues.GetValueOrDefault(clusterId);
}
