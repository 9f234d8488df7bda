using System.Runtime.CompilerServices;
using Gateway.Async;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.LoadBalancing;
using Gateway.Queues;
using Gateway.Tracing;

namespace Gateway.Backends;

/// <summary>
/// Sends one request to a cluster the way a load balancer should: picks a server (sticky cookie,
/// consistent hash or the balance algorithm, skipping servers passive health took out), waits in
/// the cluster's queue when every server is at its limit, and when a try fails, decides whether to
/// try again and where (<see cref="RetryRules"/>, redispatch), feeding every outcome to passive
/// health, the counters and the failure log. It does not know how a request is sent: the
/// forwarding path does that through <see cref="IForwardHost{TServer}"/>, so every path shares
/// this behaviour.
/// </summary>
internal sealed class BackendDispatcher(PassiveHealthTable passive, ClusterQueues queues, BackendCounters counters, ForwardFailureLog log, TimeProvider time)
{
    // One pooled state machine per forward (both paths await it once; a forward nearly always completes asynchronously):
    // the tries run inside it rather than in a second method, which would cost another box and resumption per request.
    // The summary is the caller's (in its initial state: new, or reset): the Kestrel path hands a new one, which the
    // request's features keep; the HTTP/1.1 core reuses one per request slot.
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    public async ValueTask ForwardAsync<TServer>(ClusterConfig cluster, IForwardHost<TServer> host, ForwardSummary summary)
        where TServer : class
    {
        var span = GatewayTracing.StartForward(cluster.Id);
        try
        {
            var retry = cluster.Retry;
            if (cluster.BufferRequestBody && !await host.BufferBodyAsync(retry.BufferLimit).ConfigureAwait(false))
            {
                summary.ClientAborted = true;
                return;
            }

            var replayable = retry.Count > 0 && host.PrepareReplay(retry.BufferLimit);
            var deadline = retry.Deadline is { } limit ? time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency) : long.MaxValue;
            var queue = HasServerLimits(cluster) ? queues.For(cluster.Id) : null;
            var sticky = cluster.StickyCookie is { } cookieName ? host.Cookie(cookieName) : null;
            List<TServer>? tried = null;

            // Without a queue the choice never waits: no clock read for a wait of zero (two fewer per request).
            var queueStart = queue is null ? 0 : time.GetTimestamp();
            var choice = await ChooseAsync(cluster, host, tried, sticky, queue).ConfigureAwait(false);
            summary.QueueWait = queue is null ? TimeSpan.Zero : time.GetElapsedTime(queueStart);
            for (var retries = 0; ; retries++)
            {
                if (choice.Server is not { } server)
                {
                    summary.Unavailable = choice.Reason;
                    summary.QueueRefusal = choice.Refusal;
                    counters.Unavailable(cluster.Id);
                    await host.RespondUnavailableAsync(choice.Reason, choice.RetryAfter).ConfigureAwait(false);
                    return;
                }

                var serverId = host.Id(server);
                summary.ServerId = serverId;
                summary.Tries++;
                if (cluster.StickyCookie is { } name && !string.Equals(sticky, serverId, StringComparison.Ordinal))
                {
                    host.SetStickyCookie(StickyCookies.Format(name, serverId));
                }

                AttemptResult result = default;
                var trySpan = GatewayTracing.StartTry(cluster.Id, serverId, retries + 1);
                try
                {
                    var mayRetryStatus = retry.OnStatuses.Count > 0 && retries < retry.Count && replayable && RetryRules.IsIdempotent(host.Method);
                    result = await host.SendAsync(server, mayRetryStatus).ConfigureAwait(false);
                }
                finally
                {
                    GatewayTracing.EndTry(trySpan, result.Status, result.Failure == ForwardFailure.None ? null : result.Failure.ToString(), result.Reason);
                    if (choice.TookPlace)
                    {
                        queue!.Release(serverId);
                    }
                }

                Observe(cluster, host, server, serverId, result);
                summary.Last = result;
                var failed = result.Failure != ForwardFailure.None || RetryRules.IsRetryStatus(retry, result.Status);
                if (!failed)
                {
                    return;
                }

                var reason = result.Reason ?? $"answered {result.Status}";
                if (!RetryRules.MayRetry(retry, result, host.Method, replayable || result.NothingReachedServer, retries))
                {
                    if (result.Failure != ForwardFailure.Client)
                    {
                        counters.Failed(cluster.Id, serverId, retried: false, redispatched: false);
                        log.Failed(cluster.Id, serverId, host.Method, reason, WhyNotRetried(retry, result, retries, replayable));
                    }

                    return;
                }

                if (time.GetTimestamp() >= deadline)
                {
                    counters.Failed(cluster.Id, serverId, retried: false, redispatched: false);
                    log.Failed(cluster.Id, serverId, host.Method, reason, "not retried: the retry deadline has passed");
                    return;
                }

                (tried ??= []).Add(server);
                var next = await ChooseAsync(cluster, host, tried, sticky: null, queue).ConfigureAwait(false);
                if (next.Server is not { } nextServer)
                {
                    counters.Failed(cluster.Id, serverId, retried: false, redispatched: false);
                    log.Failed(cluster.Id, serverId, host.Method, reason, "not retried: no other server can take it");
                    return;
                }

                var nextId = host.Id(nextServer);
                var redispatched = !string.Equals(nextId, serverId, StringComparison.OrdinalIgnoreCase);
                summary.Redispatched |= redispatched;
                counters.Failed(cluster.Id, serverId, retried: true, redispatched);
                log.Failed(cluster.Id, serverId, host.Method, reason, redispatched ? $"sent again to server {nextId}" : "sent again to the same server");
                host.ResetForRetry();
                choice = next;
            }
        }
        catch (OperationCanceledException) when (host.Aborted.IsCancellationRequested || host.WaitAborted.IsCancellationRequested)
        {
            // The client went away while its request waited for a server: nothing to answer, nothing to log.
            summary.ClientAborted = true;
        }
        finally
        {
            span?.SetTag("gateway.retries", summary.Retries);
            span?.SetTag("gateway.queue.wait_ms", summary.QueueWait.TotalMilliseconds);
            span?.Stop();
            host.Completed(summary);
        }
    }

    /// <summary>Passive health learns from every try that says something about the server.</summary>
    private void Observe<TServer>(ClusterConfig cluster, IForwardHost<TServer> host, TServer server, string serverId, AttemptResult result)
        where TServer : class
    {
        var config = cluster.PassiveHealth;
        if (!config.Enabled)
        {
            return;
        }

        if (result.IsServerFailure || (config.CountServerErrors && result.Failure == ForwardFailure.None && result.Status >= 500))
        {
            var reason = result.Reason ?? $"answered {result.Status}";
            passive.Failure(cluster.Id, serverId, config, reason, timedOut: result.Failure == ForwardFailure.ResponseTimeout, OthersAvailable(cluster.Id, host, server));
        }
        else if (result.Failure == ForwardFailure.None)
        {
            passive.Success(cluster.Id, serverId);
        }
    }

    private bool OthersAvailable<TServer>(string clusterId, IForwardHost<TServer> host, TServer server)
        where TServer : class
    {
        foreach (var candidate in host.Available)
        {
            if (!ReferenceEquals(candidate, server) && !passive.IsEjected(clusterId, host.Id(candidate)))
            {
                return true;
            }
        }

        foreach (var candidate in host.AvailableBackups())
        {
            if (!ReferenceEquals(candidate, server) && !passive.IsEjected(clusterId, host.Id(candidate)))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<Choice<TServer>> ChooseAsync<TServer>(ClusterConfig cluster, IForwardHost<TServer> host, List<TServer>? tried, string? sticky, ClusterQueue? queue)
        where TServer : class
    {
        var candidates = Candidates(cluster, host, tried);
        // For a retry, the list without the tried servers is new, and a balance algorithm's state
        // (the round-robin position) is kept per list: picking from the usual list and skipping the
        // tried ones spreads retries as the algorithm would, instead of always onto the first left.
        var usual = tried is { Count: > 0 } && cluster.Retry.Redispatch ? Candidates(cluster, host, null) : null;
        if (candidates.Count == 0)
        {
            return new Choice<TServer>(null, false, "no server of the cluster is available", null);
        }

        if (queue is null)
        {
            return new Choice<TServer>(Pick(cluster, host, candidates, sticky, usual), false, "", null);
        }

        // Servers with a limit: pick among those with room; when none has, wait for a place.
        var withRoom = WithRoom(cluster, queue, host, candidates);
        if (withRoom.Count > 0)
        {
            var picked = Pick(cluster, host, withRoom, sticky, usual);
            if (picked is not null && queue.TryTake(host.Id(picked), Limit(cluster, host.Id(picked))))
            {
                return new Choice<TServer>(picked, true, "", null);
            }
        }

        return await WaitInQueueAsync(cluster, host, candidates, queue).ConfigureAwait(false);
    }

    /// <summary>
    /// Every server is at its limit: wait for a place. Apart from <see cref="ChooseAsync"/> so that the closure the wait
    /// needs is made only when a request waits (C# makes a method's closure on entry, whichever branch runs).
    /// </summary>
    private async ValueTask<Choice<TServer>> WaitInQueueAsync<TServer>(ClusterConfig cluster, IForwardHost<TServer> host, IReadOnlyList<TServer> candidates, ClusterQueue queue)
        where TServer : class
    {
        var timeout = cluster.QueueTimeout ?? ClusterConfig.DefaultQueueTimeout;
        var (id, refusal) = await queue.WaitAsync(
            () =>
            {
                foreach (var candidate in candidates)
                {
                    var candidateId = host.Id(candidate);
                    if (queue.TryTake(candidateId, Limit(cluster, candidateId)))
                    {
                        return candidateId;
                    }
                }

                return null;
            },
            cluster.MaxQueue, timeout, time, host.WaitAborted).ConfigureAwait(false);
        if (id is null)
        {
            var why = refusal == QueueRefusal.Full
                ? $"every server is at its connection limit and the queue is full ({cluster.MaxQueue} waiting)"
                : $"every server stayed at its connection limit for the whole queue timeout ({timeout.TotalSeconds:0.###}s)";
            return new Choice<TServer>(null, false, why, RetryAfter(timeout), refusal);
        }

        var handed = Find(host, candidates, id);
        if (handed is null)
        {
            // The place freed on a server this request may not use (already tried, or out since): pass it on.
            queue.Release(id);
            return new Choice<TServer>(null, false, "no server of the cluster could take the request in time", RetryAfter(timeout));
        }

        return new Choice<TServer>(handed, true, "", null);
    }

    /// <summary>The servers this try may go to: available, not taken out by passive health, not already tried (unless redispatch is off).</summary>
    private IReadOnlyList<TServer> Candidates<TServer>(ClusterConfig cluster, IForwardHost<TServer> host, List<TServer>? tried)
        where TServer : class
    {
        if (tried is { Count: > 0 } && !cluster.Retry.Redispatch)
        {
            return [tried[^1]];
        }

        var list = Filter(cluster.Id, host, host.Available, tried, ignoreEjection: false);
        if (list.Count == 0)
        {
            list = Filter(cluster.Id, host, host.AvailableBackups(), tried, ignoreEjection: false);
        }

        if (list.Count == 0)
        {
            // Every server is out by passive health: its marks are guesses from failures, so rather
            // than refuse every request, offer them anyway (the active check, if any, already agreed).
            list = Filter(cluster.Id, host, host.Available, tried, ignoreEjection: true);
        }

        return list;
    }

    /// <summary>
    /// <paramref name="servers"/> without those this try may not use. The balance algorithms keep
    /// their state (the round-robin position) per list object, so the list is returned as it is
    /// when nothing is left out, and the same filtered list is reused while the same servers are
    /// out (see <see cref="FilteredList"/>).
    /// </summary>
    private IReadOnlyList<TServer> Filter<TServer>(string clusterId, IForwardHost<TServer> host, IReadOnlyList<TServer> servers, List<TServer>? tried, bool ignoreEjection)
        where TServer : class
    {
        var excluded = 0UL;
        var overflow = false;
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            if ((tried is not null && tried.Contains(server)) || (!ignoreEjection && passive.IsEjected(clusterId, host.Id(server))))
            {
                if (i < 64)
                {
                    excluded |= 1UL << i;
                }
                else
                {
                    overflow = true;
                }
            }
        }

        if (excluded == 0 && !overflow)
        {
            return servers;
        }

        if (tried is null && !overflow && _filtered.TryGetValue(clusterId, out var cached) && cached.Matches(servers, excluded))
        {
            return (IReadOnlyList<TServer>)cached.Result;
        }

        var list = new List<TServer>(servers.Count);
        foreach (var server in servers)
        {
            if ((tried is null || !tried.Contains(server)) && (ignoreEjection || !passive.IsEjected(clusterId, host.Id(server))))
            {
                list.Add(server);
            }
        }

        if (tried is null && !overflow)
        {
            _filtered[clusterId] = new FilteredList(servers, excluded, list);
        }

        return list;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FilteredList> _filtered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last list of a cluster's servers with some left out by passive health: reused while the same ones are out.</summary>
    private sealed record FilteredList(object Source, ulong Excluded, object Result)
    {
        public bool Matches(object source, ulong excluded) => ReferenceEquals(Source, source) && Excluded == excluded;
    }

    /// <summary>Sticky cookie first, then the hash, then the balance algorithm.</summary>
    private static TServer? Pick<TServer>(ClusterConfig cluster, IForwardHost<TServer> host, IReadOnlyList<TServer> candidates, string? sticky, IReadOnlyList<TServer>? usual)
        where TServer : class
    {
        if (sticky is not null && Find(host, candidates, sticky) is { } stuck)
        {
            return stuck;
        }

        if (candidates.Count > 1 && HashKey(cluster, host) is { } key)
        {
            var ring = HashRings.For(cluster);
            var index = ring.Find(StableHash.Of(key), (host, candidates, ring), static (state, i) => Find(state.host, state.candidates, state.ring.ServerIds[i]) is not null);
            if (index >= 0)
            {
                return Find(host, candidates, ring.ServerIds[index]);
            }
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (usual is not null && !ReferenceEquals(usual, candidates))
        {
            for (var i = 0; i < usual.Count; i++)
            {
                if (host.PickBalanced(usual) is { } picked && Find(host, candidates, host.Id(picked)) is not null)
                {
                    return picked;
                }
            }
        }

        return host.PickBalanced(candidates);
    }

    private static TServer? Find<TServer>(IForwardHost<TServer> host, IReadOnlyList<TServer> servers, string id)
        where TServer : class
    {
        foreach (var server in servers)
        {
            if (string.Equals(host.Id(server), id, StringComparison.OrdinalIgnoreCase))
            {
                return server;
            }
        }

        return null;
    }

    private static string? HashKey<TServer>(ClusterConfig cluster, IForwardHost<TServer> host)
        where TServer : class
    {
        var algorithm = cluster.LoadBalancing;
        if (algorithm.Equals(LoadBalancingNames.Source, StringComparison.OrdinalIgnoreCase))
        {
            return host.HashKey(HashSource.ClientAddress, null);
        }

        if (algorithm.Equals(LoadBalancingNames.Uri, StringComparison.OrdinalIgnoreCase))
        {
            return host.HashKey(HashSource.Path, null);
        }

        return LoadBalancingNames.TryParseHeader(algorithm, out var header) ? host.HashKey(HashSource.Header, header) : null;
    }

    private static bool HasServerLimits(ClusterConfig cluster)
    {
        // Indexed: once per request, and a foreach over the interface would box its enumerator.
        var servers = cluster.Servers;
        for (var i = 0; i < servers.Count; i++)
        {
            if (servers[i].MaxConnections is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static int? Limit(ClusterConfig cluster, string serverId)
    {
        foreach (var server in cluster.Servers)
        {
            if (string.Equals(server.Id, serverId, StringComparison.OrdinalIgnoreCase))
            {
                return server.MaxConnections;
            }
        }

        return null;
    }

    private static bool Room(ClusterConfig cluster, ClusterQueue queue, string serverId) =>
        Limit(cluster, serverId) is not { } limit || queue.Active(serverId) < limit;

    /// <summary>The candidates below their limit: the same list when all are (so the balance algorithm keeps its position).</summary>
    private static IReadOnlyList<TServer> WithRoom<TServer>(ClusterConfig cluster, ClusterQueue queue, IForwardHost<TServer> host, IReadOnlyList<TServer> candidates)
        where TServer : class
    {
        var all = true;
        foreach (var candidate in candidates)
        {
            all &= Room(cluster, queue, host.Id(candidate));
        }

        if (all)
        {
            return candidates;
        }

        var list = new List<TServer>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (Room(cluster, queue, host.Id(candidate)))
            {
                list.Add(candidate);
            }
        }

        return list;
    }

    private static TimeSpan RetryAfter(TimeSpan queueTimeout) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(queueTimeout.TotalSeconds)));

    private static string WhyNotRetried(RetryConfig retry, AttemptResult result, int retries, bool replayable) =>
        result.ResponseStarted ? "not retried: the response had started"
        : retries >= retry.Count ? (retry.Count == 0 ? "not retried: retries are off" : $"not retried: all {retry.Count} retries used")
        : result.Failure is ForwardFailure.NoResponse or ForwardFailure.ResponseTimeout && !replayable ? "not retried: the request's body could not be kept for a retry"
        : result.Failure is ForwardFailure.NoResponse or ForwardFailure.ResponseTimeout ? "not retried: the request had reached the server and its method is not idempotent"
        : result.Failure == ForwardFailure.InvalidResponse ? "not retried: the server answered, invalidly"
        : "not retried";

    private readonly record struct Choice<TServer>(TServer? Server, bool TookPlace, string Reason, TimeSpan? RetryAfter, QueueRefusal Refusal = QueueRefusal.None)
        where TServer : class;
}
