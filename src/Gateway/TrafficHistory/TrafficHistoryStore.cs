using System.Collections.Concurrent;
using Gateway.Model;

namespace Gateway.TrafficHistory;

/// <summary>
/// Keeps a <see cref="TrafficRing"/> per route, cluster and server of the configuration in force. Ids not in the
/// configuration in force are not recorded, and rings of ids that left it are dropped when the next reader sees a new
/// snapshot: cardinality is the configuration's.
/// </summary>
/// <remarks>
/// Recording finds the three rings of a (route, cluster, server) triple together (<see cref="Series"/>), by one lookup,
/// and each thread remembers the last triple it recorded by reference: the ids come from the configuration's own
/// strings, so a stream of requests to the same route and server costs three reference comparisons and a few
/// interlocked increments, no string hashing.
/// </remarks>
internal sealed class TrafficHistoryStore(IGatewaySnapshotAccessor snapshots, TimeProvider time) : ITrafficHistory
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>Triples remembered together; beyond it (a configuration with very many route-server pairs in use) new ones are found ring by ring.</summary>
    private const int MaxSeries = 4096;

    [ThreadStatic]
    private static LastSeries? t_last;

    private readonly ConcurrentDictionary<(char Kind, string Id, string Server), TrafficRing> _rings = new();
    private readonly ConcurrentDictionary<(string? Route, string? Cluster, string? Server), Series> _series = new();
    private GatewaySnapshot? _pruned;

    public void Record(string? route, string? cluster, string? server, int status, TimeSpan duration) =>
        Record(SeriesOf(route, cluster, server), time.GetUtcNow(), status, duration);

    /// <summary>
    /// Counts a request that ended at <paramref name="endedAt"/> in the rings of <paramref name="series"/>. The request
    /// recorder keeps each (route, cluster, server)'s series and finds it again (<see cref="SeriesFor"/>) only when
    /// <see cref="Series.Snapshot"/> is no longer the snapshot in force.
    /// </summary>
    internal static void Record(Series series, DateTimeOffset endedAt, int status, TimeSpan duration)
    {
        var period = Period(endedAt);
        var serverError = status is >= 500 and < 600;
        var latency = LatencyBuckets.IndexOf(duration.TotalMilliseconds);
        series.Route?.Add(period, serverError, latency);
        series.Cluster?.Add(period, serverError, latency);
        series.Server?.Add(period, serverError, latency);
    }

    /// <summary>The rings a request of this triple is counted in, for the snapshot in force.</summary>
    private Series SeriesOf(string? route, string? cluster, string? server)
    {
        var current = snapshots.Current;
        var last = t_last ??= new LastSeries();
        if (last.Series is { } remembered && ReferenceEquals(last.Store, this) && ReferenceEquals(remembered.Snapshot, current)
            && ReferenceEquals(last.Route, route) && ReferenceEquals(last.Cluster, cluster) && ReferenceEquals(last.Server, server))
        {
            return remembered;
        }

        var series = SeriesFor(route, cluster, server, current);
        (last.Store, last.Route, last.Cluster, last.Server, last.Series) = (this, route, cluster, server, series);
        return series;
    }

    /// <summary>The rings of a (route, cluster, server) triple under <paramref name="current"/>, found by the ids' values.</summary>
    internal Series SeriesFor(string? route, string? cluster, string? server, GatewaySnapshot current)
    {
        var key = (route, cluster, server);
        if (!_series.TryGetValue(key, out var series) || !ReferenceEquals(series.Snapshot, current))
        {
            series = new Series(
                route is null ? null : Ring(('r', route, ""), current),
                cluster is null ? null : Ring(('c', cluster, ""), current),
                cluster is null || server is null ? null : Ring(('s', cluster, server), current),
                current);
            if (_series.Count < MaxSeries || _series.ContainsKey(key))
            {
                _series[key] = series;
            }
        }

        return series;
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

    private TrafficRing? Ring((char Kind, string Id, string Server) key, GatewaySnapshot current)
    {
        if (_rings.TryGetValue(key, out var ring))
        {
            return ring;
        }

        // First request of this id: keep it only when the configuration has it.
        return Configured(key, current) ? _rings.GetOrAdd(key, _ => new TrafficRing()) : null;
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

        _series.Clear(); // found again, under the new snapshot, by the next request of each triple

        Volatile.Write(ref _pruned, current);
    }

    /// <summary>The rings of one (route, cluster, server) triple under one snapshot; null where that id is not configured.</summary>
    internal sealed record Series(TrafficRing? Route, TrafficRing? Cluster, TrafficRing? Server, GatewaySnapshot Snapshot);

    /// <summary>The triple a thread recorded last, compared by reference.</summary>
    private sealed class LastSeries
    {
        public TrafficHistoryStore? Store;
        public string? Route;
        public string? Cluster;
        public string? Server;
        public Series? Series;
    }
}
