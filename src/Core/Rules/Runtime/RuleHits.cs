namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// How often one rule fired (its condition held and its action ran) since the revision it appeared in
/// with its present text. A revision that keeps the rule as it was keeps counting on the same object,
/// so a commit elsewhere in the document loses no hits (DocumentRules.AdoptHits).
/// </summary>
internal sealed class RuleHits
{
    private long _count;

    public RuleHits()
    {
    }

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The version (e.g. <c>revision 7</c>) the count started at; null until a snapshot with the rule is published.</summary>
    public string? Since { get; internal set; }

    internal void Hit() => Interlocked.Increment(ref _count);
}

/// <summary>One rule's hits, as the admin pages and metrics read them.</summary>
/// <param name="Phase">The rule's phase keyword: <c>tcp-request connection</c>, <c>http-request</c>, <c>http-response</c>.</param>
/// <param name="Line">The rule's line in its scope's rules text (1-based).</param>
public sealed record RuleHitCount(string Phase, int Line, string Text, long Count, string? Since);

/// <summary>Where a rule is written: its scope (e.g. <c>route api</c>) and its line in that scope's rules text.</summary>
public sealed record RuleOrigin(string Scope, int Line)
{
    public override string ToString() => $"{Scope}:{Line}";
}
