using System.Collections.Concurrent;
using Gateway.Core.Configuration;
using Gateway.Queues;

namespace Gateway.Checkpoints;

/// <summary>
/// The concurrency checkpoints of routes and clusters (<see cref="ConcurrencyLimitConfig"/>). Each is a
/// <see cref="ClusterQueue"/> with one "server", so it queues exactly as a cluster's server limit does: first come
/// first served, a finishing request hands its place to the oldest waiter, and waiting holds no thread. Places are
/// kept by id across configuration swaps, so requests in flight keep theirs and a changed limit applies to the next
/// request. Callable by any traffic path: it needs no HTTP request.
/// </summary>
internal sealed class ConcurrencyLimits(TimeProvider time)
{
    private const string Place = "";

    private readonly ConcurrentDictionary<string, ClusterQueue> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Requests through the route's or cluster's checkpoint now (for tests and status).</summary>
    public int Active(string scope) => _gates.GetValueOrDefault(scope)?.Active(Place) ?? 0;

    /// <summary>Requests waiting at the route's or cluster's checkpoint now.</summary>
    public int Queued(string scope) => _gates.GetValueOrDefault(scope)?.Queued ?? 0;

    public static string RouteScope(string routeId) => "route " + routeId;

    public static string ClusterScope(string clusterId) => "cluster " + clusterId;

    /// <summary>
    /// Takes a place at the route's checkpoint and then at the cluster's (either may be null), waiting in their queues
    /// when full. The lease gives the places back when disposed; a refused lease holds none and says when to retry.
    /// </summary>
    /// <exception cref="OperationCanceledException">The client went away while waiting; no place is held.</exception>
    public async ValueTask<ConcurrencyLease> EnterAsync(string? routeId, ConcurrencyLimitConfig? route, string? clusterId, ConcurrencyLimitConfig? cluster, CancellationToken aborted)
    {
        ClusterQueue? routeGate = null;
        if (route is not null && routeId is not null)
        {
            routeGate = _gates.GetOrAdd(RouteScope(routeId), static _ => new ClusterQueue());
            if (await TakeAsync(routeGate, route, aborted).ConfigureAwait(false) is { } refusedAtRoute)
            {
                return ConcurrencyLease.Refused(refusedAtRoute, $"route {routeId}");
            }
        }

        if (cluster is not null && clusterId is not null)
        {
            var clusterGate = _gates.GetOrAdd(ClusterScope(clusterId), static _ => new ClusterQueue());
            TimeSpan? refusedAtCluster;
            try
            {
                refusedAtCluster = await TakeAsync(clusterGate, cluster, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                routeGate?.Release(Place);
                throw;
            }

            if (refusedAtCluster is { } retryAfter)
            {
                routeGate?.Release(Place);
                return ConcurrencyLease.Refused(retryAfter, $"cluster {clusterId}");
            }

            return new ConcurrencyLease(routeGate, clusterGate);
        }

        return new ConcurrencyLease(routeGate, null);
    }

    /// <returns>Null once a place is taken; otherwise how long the client should wait before trying again.</returns>
    private async ValueTask<TimeSpan?> TakeAsync(ClusterQueue gate, ConcurrencyLimitConfig limit, CancellationToken aborted)
    {
        if (gate.TryTake(Place, limit.MaxRequests))
        {
            return null;
        }

        var timeout = limit.QueueTimeout ?? ClusterConfig.DefaultQueueTimeout;
        var (place, _) = await gate.WaitAsync(() => gate.TryTake(Place, limit.MaxRequests) ? Place : null, limit.MaxQueue, timeout, time, aborted).ConfigureAwait(false);
        return place is null ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(timeout.TotalSeconds))) : null;
    }

    /// <summary>The places a request holds at its route's and cluster's checkpoints, given back once, on dispose.</summary>
    internal sealed class ConcurrencyLease : IDisposable
    {
        private ClusterQueue? _route;
        private ClusterQueue? _cluster;

        public ConcurrencyLease(ClusterQueue? route, ClusterQueue? cluster)
        {
            _route = route;
            _cluster = cluster;
        }

        /// <summary>Null when the request went through; otherwise the Retry-After of its 503.</summary>
        public TimeSpan? RetryAfter { get; private init; }

        /// <summary>Which checkpoint refused, for logs: <c>route api</c> or <c>cluster backend</c>.</summary>
        public string? RefusedBy { get; private init; }

        public static ConcurrencyLease Refused(TimeSpan retryAfter, string by) => new(null, null) { RetryAfter = retryAfter, RefusedBy = by };

        public void Dispose()
        {
            Interlocked.Exchange(ref _cluster, null)?.Release(Place);
            Interlocked.Exchange(ref _route, null)?.Release(Place);
        }
    }
}
