namespace Gateway.Admin.Guard;

internal enum GuardOutcome
{
    /// <summary>The window is still open.</summary>
    Watching,

    /// <summary>The window closed with no route degraded; the commit stays.</summary>
    Kept,

    /// <summary>A route degraded and the guard committed the revision before as a new revision.</summary>
    Rewound,

    /// <summary>A route degraded but the guard could not rewind (a later commit, or the old document no longer valid).</summary>
    NotRewound,
}

/// <summary>One guarded commit: what it watches and, once decided, what happened and why.</summary>
internal sealed class GuardState(long revision, long previous, string author, IReadOnlyList<string> routes, TimeSpan window, DateTimeOffset started)
{
    private volatile GuardDecision? _decision;

    public long Revision { get; } = revision;

    /// <summary>The revision the commit was based on: what a rewind goes back to.</summary>
    public long Previous { get; } = previous;

    public string Author { get; } = author;

    public IReadOnlyList<string> Routes { get; } = routes;

    public TimeSpan Window { get; } = window;

    public DateTimeOffset Started { get; } = started;

    /// <summary>When the window closes (or closed): after it the commit is kept unless a route degraded first.</summary>
    public DateTimeOffset WindowEnds => Started + Window;

    /// <summary>What the guard decided, read once: outcome, reason, time and rewind always belong together. Null while watching.</summary>
    public GuardDecision? Decision => _decision;

    public GuardOutcome Outcome => _decision?.Outcome ?? GuardOutcome.Watching;

    public string? Reason => _decision?.Reason;

    /// <summary>The revision the guard's rewind made, when it made one.</summary>
    public long? RewindRevision => _decision?.RewindRevision;

    public DateTimeOffset? Decided => _decision?.At;

    internal void Decide(GuardOutcome outcome, string reason, DateTimeOffset at, long? rewindRevision = null) =>
        _decision = new GuardDecision(outcome, reason, at, rewindRevision);
}

/// <summary>A guard's decision: written once, replacing nothing, so a reader that takes it whole never sees half of one.</summary>
internal sealed record GuardDecision(GuardOutcome Outcome, string Reason, DateTimeOffset At, long? RewindRevision);
