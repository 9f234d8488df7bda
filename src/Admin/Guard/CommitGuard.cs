using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.RequestObservation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Guard;

/// <summary>
/// Watches guarded commits: for the window after one, compares the 5xx rate and p99 of the routes it touched
/// with the minutes before (<see cref="IRouteTraffic"/>), and when one degrades rewinds to the revision before,
/// as a new revision by "guard" whose message says why, provided nobody has committed since.
/// </summary>
internal sealed partial class CommitGuard(ConfigStore store, IRouteTraffic traffic, IOptions<GuardOptions> options, TimeProvider time, ILogger<CommitGuard> logger) : IDisposable
{
    public const string Author = "guard";
    /// <summary>How many decided guards are kept for the API and the History page; those watching are always kept.</summary>
    public const int KeptDecided = 20;

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<GuardState> _recent = [];
    private int _disposed;

    public GuardOptions Options => options.Value;

    /// <summary>The longest window a guard can watch: the traffic kept per route.</summary>
    public TimeSpan MaxWindow => TimeSpan.FromSeconds(traffic.Seconds - 2);

    /// <summary>Guards, newest first: those watching and the last few decided.</summary>
    public IReadOnlyList<GuardState> Recent
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>The guard of <paramref name="revision"/>, if it was guarded recently.</summary>
    public GuardState? Find(long revision) => Recent.FirstOrDefault(g => g.Revision == revision);

    /// <summary>Starts watching <paramref name="revision"/>, committed on <paramref name="previous"/>, for <paramref name="window"/>.</summary>
    public GuardState Start(long revision, long previous, string author, TimeSpan window)
    {
        var before = store.Read(previous)?.Document ?? GatewayConfig.Empty;
        var after = store.Read(revision)?.Document ?? GatewayConfig.Empty;
        var guard = new GuardState(revision, previous, author, TouchedRoutes(before, after), window, time.GetUtcNow());
        lock (_gate)
        {
            _recent.Insert(0, guard);
            // Bounded: drop the oldest decided guards; those still watching stay listed.
            for (var i = _recent.Count - 1; i >= 0 && _recent.Count > KeptDecided; i--)
            {
                if (_recent[i].Outcome != GuardOutcome.Watching)
                {
                    _recent.RemoveAt(i);
                }
            }
        }

        LogStarted(logger, revision, window.TotalSeconds, guard.Routes.Count == 0 ? "no routes" : string.Join(", ", guard.Routes));
        _ = Task.Run(() => WatchAsync(guard, _stopping.Token));
        return guard;
    }

    /// <summary>The routes a commit touched: those added or changed, and those whose cluster (or its servers) changed.</summary>
    internal static IReadOnlyList<string> TouchedRoutes(GatewayConfig before, GatewayConfig after)
    {
        var changes = DocumentChanges.Between(before, after);
        var clusters = changes.Where(c => c.Collection == "clusters").Select(c => c.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var routes = changes.Where(c => c.Collection == "routes" && c.Kind != ChangeKind.Removed).Select(c => c.Id);
        return [.. routes.Concat(after.Routes.Where(r => clusters.Contains(r.Cluster)).Select(r => r.Id))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    private async Task WatchAsync(GuardState guard, CancellationToken stopping)
    {
        try
        {
            var settings = options.Value;
            // The commit's own second mixes old and new traffic: it belongs to neither side.
            var committedAt = traffic.Now;
            var baseline = guard.Routes.ToDictionary(r => r, r => traffic.Sum(r, committedAt - (long)settings.Baseline.TotalSeconds, committedAt - 1));
            var end = committedAt + (long)Math.Ceiling(guard.Window.TotalSeconds);
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stopping).ConfigureAwait(false);
                var now = Math.Min(traffic.Now, end);
                foreach (var route in guard.Routes)
                {
                    if (GuardJudge.Degraded(route, baseline[route], traffic.Sum(route, committedAt + 1, now), settings) is { } reason)
                    {
                        await RewindAsync(guard, reason).ConfigureAwait(false);
                        return;
                    }
                }

                if (now >= end)
                {
                    guard.Decide(GuardOutcome.Kept, $"no route got worse within {guard.Window.TotalSeconds:0} s", time.GetUtcNow());
                    LogKept(logger, guard.Revision);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Guards live in this process only: after a restart nobody watches this commit, so the log must say it went unjudged.
            var now = time.GetUtcNow();
            guard.Decide(GuardOutcome.NotRewound, "the admin host stopped before the window closed; the commit stays, unjudged", now);
            LogStopped(logger, guard.Revision, Math.Max(0, (guard.WindowEnds - now).TotalSeconds));
        }
#pragma warning disable CA1031 // A guard that fails must say so on its state and in the log, never crash the host from a background task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            guard.Decide(GuardOutcome.NotRewound, "the guard failed unexpectedly; see the admin log", time.GetUtcNow());
            LogFailed(logger, exception, guard.Revision);
        }
    }

    private async Task RewindAsync(GuardState guard, string reason)
    {
        var message = $"guard: rewind revision {guard.Revision} to {guard.Previous}: {reason}";
        var result = await store.RewindAsync(guard.Previous, guard.Revision, Author, message, CancellationToken.None).ConfigureAwait(false);
        switch (result.Status)
        {
            case CommitStatus.Committed:
                guard.Decide(GuardOutcome.Rewound, reason, time.GetUtcNow(), result.Revision);
                LogRewound(logger, guard.Revision, guard.Previous, result.Revision, reason);
                break;
            case CommitStatus.Conflict:
                var why = $"{reason}; not rewound: revision {result.Revision} was committed after {guard.Revision}";
                guard.Decide(GuardOutcome.NotRewound, why, time.GetUtcNow());
                LogNotRewound(logger, guard.Revision, why);
                break;
            default:
                var failed = $"{reason}; not rewound: {string.Join("; ", result.Errors.Select(e => e.Message))}";
                guard.Decide(GuardOutcome.NotRewound, failed, time.GetUtcNow());
                LogNotRewound(logger, guard.Revision, failed);
                break;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(1, LogLevel.Information, "Guarding revision {Revision} for {Seconds} s: {Routes}.")]
    private static partial void LogStarted(ILogger logger, long revision, double seconds, string routes);

    [LoggerMessage(2, LogLevel.Information, "Guard of revision {Revision}: kept, no route got worse.")]
    private static partial void LogKept(ILogger logger, long revision);

    [LoggerMessage(3, LogLevel.Warning, "Guard rewound revision {Revision} to {Previous} as revision {Rewind}: {Reason}.")]
    private static partial void LogRewound(ILogger logger, long revision, long previous, long rewind, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Guard of revision {Revision}: {Reason}.")]
    private static partial void LogNotRewound(ILogger logger, long revision, string reason);

    [LoggerMessage(5, LogLevel.Error, "Guard of revision {Revision} failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, long revision);

    [LoggerMessage(6, LogLevel.Warning, "Guard of revision {Revision} ended unjudged: the admin host stopped {Seconds:0} s before its window closed; the commit stays.")]
    private static partial void LogStopped(ILogger logger, long revision, double seconds);
}
