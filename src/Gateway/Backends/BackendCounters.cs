using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Backends;

/// <summary>
/// Per cluster and per server: failed tries, retries and redispatches (HAProxy's <c>eresp</c>/<c>econ</c>,
/// <c>wretr</c> and <c>wredis</c>), and requests refused for want of a server. A server's counts are
/// of tries that failed on it. Read by the status API; also published as metrics.
/// </summary>
internal sealed class BackendCounters
{
    private readonly ConcurrentDictionary<(string Cluster, string Server), Counts> _servers = new();
    private readonly ConcurrentDictionary<string, Counts> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Counter<long> _retries;
    private readonly Counter<long> _failures;

    public BackendCounters(IMeterFactory meters)
    {
        var meter = meters.Create("Gateway.Backends");
        _retries = meter.CreateCounter<long>("gateway.backend.retries", description: "Forwarded requests sent again after a failed try.");
        _failures = meter.CreateCounter<long>("gateway.backend.failures", description: "Tries at forwarding a request that failed (connect, reset, timeout).");
    }

    public void Failed(string cluster, string server, bool retried, bool redispatched)
    {
        var serverCounts = _servers.GetOrAdd((cluster.ToLowerInvariant(), server.ToLowerInvariant()), static _ => new Counts());
        var clusterCounts = _clusters.GetOrAdd(cluster, static _ => new Counts());
        foreach (var counts in (ReadOnlySpan<Counts>)[serverCounts, clusterCounts])
        {
            Interlocked.Increment(ref counts.Failures);
            if (retried)
            {
                Interlocked.Increment(ref counts.Retries);
            }

            if (redispatched)
            {
                Interlocked.Increment(ref counts.Redispatches);
            }
        }

        var tags = new TagList { { "cluster", cluster }, { "server", server } };
        _failures.Add(1, tags);
        if (retried)
        {
            _retries.Add(1, tags);
        }
    }

    public void Unavailable(string cluster) => Interlocked.Increment(ref _clusters.GetOrAdd(cluster, static _ => new Counts()).Unavailable);

    public BackendCounts Server(string cluster, string server) =>
        _servers.TryGetValue((cluster.ToLowerInvariant(), server.ToLowerInvariant()), out var counts) ? counts.Read() : BackendCounts.Zero;

    public BackendCounts Cluster(string cluster) => _clusters.TryGetValue(cluster, out var counts) ? counts.Read() : BackendCounts.Zero;

    private sealed class Counts
    {
        public long Failures;
        public long Retries;
        public long Redispatches;
        public long Unavailable;

        public BackendCounts Read() => new(Interlocked.Read(ref Failures), Interlocked.Read(ref Retries), Interlocked.Read(ref Redispatches), Interlocked.Read(ref Unavailable));
    }
}

/// <summary>Forwarding failures and what was done about them.</summary>
/// <param name="Failures">Tries that failed (connect failures, resets, timeouts).</param>
/// <param name="Retries">Of those, how many were sent again.</param>
/// <param name="Redispatches">Of the retries, how many went to another server.</param>
/// <param name="Unavailable">Requests answered 503 because no server could take them (none available, queue full or wait over). Cluster counts only.</param>
public sealed record BackendCounts(long Failures, long Retries, long Redispatches, long Unavailable)
{
    public static BackendCounts Zero { get; } = new(0, 0, 0, 0);
}
