using Gateway.Core.Rules.Primitives;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// The state of one transaction as rules see it across scopes: variables, the cluster chosen by
/// <c>use-backend</c>, and the response a terminal action decided on. Not thread-safe; one per request at a time
/// (<see cref="Reset"/> readies it for the next).
/// </summary>
public sealed class RuleSession(IRuleExchange exchange, RuleTrace? trace = null)
{
    private Dictionary<string, Sample>? _variables;

    public IRuleExchange Exchange { get; } = exchange;

    /// <summary>Set only when the caller asked for an explanation; evaluation is otherwise identical.</summary>
    public RuleTrace? Trace { get; } = trace;

    /// <summary>The snapshot's stick tables; null where counters must not move (explained requests), which makes tracking do nothing.</summary>
    public StickTableSet? StickTables { get; set; }

    /// <summary>The tracked counters (sc0 to sc2) of this request, and of its connection before it; null until something is tracked.</summary>
    public StickTracking? Tracking { get; set; }

    /// <summary>The cluster named by the first matching <c>use-backend</c> of the current scope, or a later scope's.</summary>
    public string? Backend { get; private set; }

    /// <summary>The rule whose action answered (deny, return, redirect, tarpit…): its scope and line; null when none did.</summary>
    public RuleOrigin? AnsweredBy { get; internal set; }

    /// <summary>What a terminal action decided to answer; null while rules let the request through.</summary>
    public RuleResponse? Response { get; internal set; }

    /// <summary>What the request waits for after a <c>rate-limit</c> checkpoint answered <see cref="RuleOutcome.Wait"/>; null otherwise.</summary>
    public CheckpointWait? PendingWait { get; internal set; }

    /// <summary>The position in the phase's rules where evaluation goes on after a wait.</summary>
    internal int ResumeAt { get; set; }

    /// <summary>
    /// True once a regex of a rule ran out of time (its own timeout, or this transaction's regex budget): the rules
    /// stopped and <see cref="Response"/> refuses the request. The host counts and logs it.
    /// </summary>
    public bool RegexTimedOut { get; internal set; }

    /// <summary>Backtracking regex time this transaction may still spend, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    internal long RegexBudgetTicks { get; set; } = RuleRegex.BudgetTicks;

    /// <summary>What the last action did, set only while tracing.</summary>
    internal string? ActionDetail { get; set; }

    /// <summary>The scope currently being evaluated (e.g. <c>route api</c>), for the trace, <c>use-backend</c> and reports.</summary>
    public string Scope { get; internal set; } = "";

    private string? _backendScope;

    public bool TryGetVariable(string name, out Sample value)
    {
        if (_variables is not null && _variables.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public void SetVariable(string name, Sample value) => (_variables ??= new(StringComparer.Ordinal))[name] = value;

    public IEnumerable<KeyValuePair<string, Sample>> Variables => _variables ?? [];

    /// <summary>
    /// Forgets the transaction (variables, the <c>use-backend</c> choice, the answer and the rule that gave it, tracked
    /// counters, a pending checkpoint wait, the regex budget, the scope), so the same session serves the next transaction
    /// over the same <see cref="Exchange"/> as a new one would. For hosts that reuse one session per request slot (the
    /// HTTP/1.1 core); the caller must know nothing holds the session any more (a checkpoint's queue lets go of its wait
    /// before the request goes on). The scratch buffers are kept: they carry nothing from one transaction to the next.
    /// </summary>
    public void Reset()
    {
        _variables?.Clear();
        StickTables = null;
        Tracking = null;
        Backend = null;
        _backendScope = null;
        AnsweredBy = null;
        Response = null;
        PendingWait = null;
        ResumeAt = 0;
        RegexTimedOut = false;
        RegexBudgetTicks = RuleRegex.BudgetTicks;
        ActionDetail = null;
        Scope = "";
    }

    /// <summary>Within one scope the first <c>use-backend</c> wins, as in HAProxy; a later scope may choose again.</summary>
    internal void UseBackend(string cluster)
    {
        if (_backendScope != Scope)
        {
            Backend = cluster;
            _backendScope = Scope;
        }
    }

    private int[]? _candidateBuffer;
    private int[]? _lookupBuffer;

    /// <summary>Reused to collect candidate rules; allocated on first use, so a request that never reaches an index pays nothing.</summary>
    internal int[] CandidateBuffer
    {
        get => _candidateBuffer ??= new int[16];
        set => _candidateBuffer = value;
    }

    /// <summary>Reused by map lookups, which can run while candidates are being visited.</summary>
    internal int[] LookupBuffer => _lookupBuffer ??= new int[16];
}
