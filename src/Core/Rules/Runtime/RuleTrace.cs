namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// What an evaluation did, step by step, for the request simulator. Filled by the same code that
/// evaluates real traffic: that code only checks whether a trace was asked for.
/// </summary>
public sealed class RuleTrace
{
    private readonly List<TraceEntry> _entries = [];

    public IReadOnlyList<TraceEntry> Entries => _entries;

    internal void Acl(string scope, string acl, bool matched, string detail) =>
        _entries.Add(new(TraceEntryKind.Acl, scope, 0, acl, matched, detail));

    internal void RuleFired(string scope, int line, string rule, string detail) =>
        _entries.Add(new(TraceEntryKind.RuleFired, scope, line, rule, true, detail));

    internal void RuleSkipped(string scope, int line, string rule, string reason) =>
        _entries.Add(new(TraceEntryKind.RuleSkipped, scope, line, rule, false, reason));

    public void Note(string scope, string text) => _entries.Add(new(TraceEntryKind.Note, scope, 0, text, true, ""));
}

public enum TraceEntryKind
{
    Acl,
    RuleFired,
    RuleSkipped,
    Note,
}

/// <param name="Scope">e.g. <c>listener web</c>, <c>route api</c>, <c>cluster api</c>.</param>
/// <param name="Line">The rule's line in its scope's text (0 for ACL results and notes).</param>
/// <param name="Subject">The ACL's name or the rule's canonical text.</param>
/// <param name="Result">Whether the ACL matched or the rule fired.</param>
/// <param name="Detail">Why: the sample that was compared, the condition that failed, what the action did.</param>
public sealed record TraceEntry(TraceEntryKind Kind, string Scope, int Line, string Subject, bool Result, string Detail);
