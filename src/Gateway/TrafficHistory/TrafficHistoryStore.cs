using System.Collections.Concurrent;
using Gateway.Model;

namespace Gateway.TrafficHistory;

/// <summary>
/// Keeps a <see cref="TrafficRing"/> per route, cluster and server of the configuration in force. Recording costs a
/// dictionary lookup and a few interlocked increments per series. Ids not in the configuration in force are not
/// recorded, and rings of ids that left it are dropped when the next reader sees a new snapshot: cardinality is the
/// configuration's.
/// </summary>
internal sealed class TrafficHistoryStore(IGatewaySnapshotAccessor snapshots, TimeProvider time) : ITrafficHistory
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(char Kind, string Id, string Server), TrafficRing> _rings = new();
    private GatewaySnapshot? _pruned;

    public void Record(string? route, string? cluster, string? server, int status, TimeSpan duration)
    {
        var period = Period(time.GetUtcNow());
        var serverError = status is >= 500 and < 600;
        var latency = LatencyBuckets.IndexOf(duration.TotalMilliseconds);
        if (route is not null)
        {
            Ring(('r', route, ""))?.Add(period, serverError, latency);
        }

        if (cluster is not null)
        {
            Ring(('c', cluster, ""))?.Add(period, serverError, latency);
            if (server is not null)
            {
                Ring(('s', cluster, server))?.Add(period, serverError, latency);
            }
        }
    }

    public TrafficSeries Route(string routeId) => Read(('r', routeId, ""));

    public TrafficSeries Cluster(string clusterId) => Read(('c', clusterId, ""));

    public TrafficSeries Server(string clusterId, string serverId) => Read(('s', clusterId, serverId));

    private TrafficSeries Read((char Kind, string Id, string Server) key)
    {
        Prune();
        var now = Period(time.GetUtcNow());
        var start = DateTimeOffset.FromUnixTimeMilliseconds((now - TrafficRing.Slots + 1) * (long)Step.TotalMilliseconds);
        var points = _rings.TryGetValue(key, out var ring) ? ring.Read(now) : Enumerable.Repeat(TrafficPoint.Empty, TrafficRing.Slots).ToArray();
        return new TrafficSeries(start, Step, points);
    }

    private static long Period(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)Step.TotalMilliseconds;

    private TrafficRing? Ring((char Kind, string Id, string Server) key)
    {
        if (_rings.TryGetValue(key, out var ring))
        {
            return ring;
        }

        // First request of this id: keep it only when the configuration has it.
        return Configured(key, snapshots.Current) ? _rings.GetOrAdd(key, _ => new TrafficRing()) : null;
    }

    private static bool Configured((char Kind, string Id, string Server) key, GatewaySnapshot snapshot) => key.Kind switch
    {
        'r' => snapshot.Config.Routes.Any(r => r.Id == key.Id),
        'c' => snapshot.Cluster(key.Id) is not null,
        _ => snapshot.Cluster(key.Id)?.Servers.Any(s => s.Id == key.Server) == true,
    };

    /// <summary>Drops the rings of ids that left the configuration, once per snapshot (on the reader's side, off the request path).</summary>
    private void Prune()
    {
        var current = snapshots.Current;
        if (ReferenceEquals(Volatile.Read(ref _pruned), current))
        {
            return;
        }

        foreach (var key in _rings.Keys)
        {
            if (!Configured(key, current))
            {
                _rings.TryRemove(key, out _);
            }
        }

        Volatile.Write(ref _pruned, current);
    }
}
