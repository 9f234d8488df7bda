namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// A request held at a <c>rate-limit</c> checkpoint (HAProxy's rate-shaping design: a test, a counter and a queue).
/// The rules stopped with <see cref="RuleOutcome.Wait"/>; the host queues the request behind others of the same
/// checkpoint and partition, asks <see cref="Fits"/> when the request is at the head of the queue, and then either
/// resumes the rules (<see cref="Compilation.CompiledRules.Resume"/>) or calls <see cref="Refuse"/>.
/// </summary>
public sealed class CheckpointWait
{
    private readonly RuleSession _session;
    private readonly Func<RuleSession, long?> _read;
    private readonly long _limit;
    private readonly int _refusalStatus;

    internal CheckpointWait(RuleSession session, object checkpoint, object? partition, Func<RuleSession, long?> read, long limit, int maxQueue, TimeSpan maxWait, int refusalStatus, string description)
    {
        _session = session;
        _read = read;
        _limit = limit;
        _refusalStatus = refusalStatus;
        Checkpoint = checkpoint;
        Partition = partition;
        MaxQueue = maxQueue;
        MaxWait = maxWait;
        Description = description;
    }

    /// <summary>Identifies the checkpoint: one per <c>rate-limit</c> rule of a compiled configuration.</summary>
    public object Checkpoint { get; }

    /// <summary>What the counter counts for (the tracked stick-table entry), so one client's queue does not hold up another's; null for one queue per checkpoint.</summary>
    public object? Partition { get; }

    /// <summary>How many requests may wait at once (for this checkpoint and partition).</summary>
    public int MaxQueue { get; }

    /// <summary>How long a request may wait before it is refused.</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>The rule, for logs: e.g. <c>route api line 3: rate-limit sc_http_req_rate(0) 100</c>.</summary>
    public string Description { get; }

    /// <summary>
    /// Reads the counter again: true when it is back within the limit (or has no value any more). Called only for the
    /// head of a queue, while the request is suspended, so it never runs at the same time as the request's own rules.
    /// </summary>
    public bool Fits() => _read(_session) is not { } value || value <= _limit;

    /// <summary>
    /// Refuses the request (the queue was full or the wait ran out): the session's response becomes the checkpoint's
    /// status (429 or 503) with <c>Retry-After</c>, or, for a <c>tcp-request connection</c> checkpoint, a closed connection.
    /// </summary>
    public void Refuse(TimeSpan retryAfter)
    {
        _session.PendingWait = null;
        _session.Response = RateLimitResponses.Refusal(_refusalStatus, retryAfter);
    }
}

/// <summary>The answer of a checkpoint that refuses a request.</summary>
internal static class RateLimitResponses
{
    /// <param name="status">0 for a connection (closed without a word).</param>
    public static RuleResponse Refusal(int status, TimeSpan retryAfter) => status == 0
        ? new RuleResponse(RuleResponseKind.Reject, 0)
        : new RuleResponse(RuleResponseKind.Deny, status)
        {
            Headers = [new("Retry-After", RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };

    /// <summary>Whole seconds, at least one, as <c>Retry-After</c> is written.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
}
