using System.Globalization;
using Gateway.Core.Rules.Runtime;
using Gateway.Explain;

namespace Gateway.Admin.Ui.Services.Simulation;

/// <summary>
/// What the gateway would do with a described request, as a page shows it: one sentence, the status the
/// client would get (when the gateway answers itself), and the trace of ACLs and rules in order.
/// </summary>
/// <param name="Target">What it was explained against: "live (revision 7)", "pending changes".</param>
/// <param name="Kind">What happens to the request; null when it could not be explained (<see cref="Summary"/> says why).</param>
public sealed record RequestOutcome(string Target, ExplainOutcome? Kind, string Summary, int? Status, string? Route, string? Cluster, IReadOnlyList<TraceEntry> Trace)
{
    public bool IsExplained => Kind is not null;

    public IEnumerable<TraceEntry> Fired => Trace.Where(t => t.Kind == TraceEntryKind.RuleFired);

    public IEnumerable<TraceEntry> Skipped => Trace.Where(t => t.Kind == TraceEntryKind.RuleSkipped);

    /// <summary>The trace entries of one scope (e.g. <c>route api</c>), as <see cref="TraceEntry.Scope"/> names it.</summary>
    public IEnumerable<TraceEntry> In(string scope) => Trace.Where(t => t.Scope.Equals(scope, StringComparison.OrdinalIgnoreCase));

    public static RequestOutcome From(string target, ExplainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (summary, status) = result.Outcome switch
        {
            ExplainOutcome.Rejected => ("The connection would be closed by a tcp-request connection rule.", (int?)null),
            ExplainOutcome.NotFound => ("No route matches: the client would get 404.", 404),
            ExplainOutcome.Answered when result.Answer is { } answer => (Answered(answer), answer.StatusCode),
            ExplainOutcome.Answered => ("A rule would answer.", null),
            _ when result.Cluster is null => ("No cluster would be chosen: the client would get 503.", 503),
            _ => (Forwarded(result), null),
        };

        return new RequestOutcome(target, result.Outcome, summary, status, result.Route, result.Cluster, result.Trace);
    }

    /// <summary>A refusal to explain (an invalid document, an unknown listener), shown in place of an outcome.</summary>
    public static RequestOutcome Failed(string target, string reason) =>
        new(target, null, reason, null, null, null, []);

    private static string Answered(RuleResponse answer) => answer.Kind switch
    {
        RuleResponseKind.Redirect => $"A rule would redirect ({Code(answer.StatusCode)}) to {answer.Location}.",
        RuleResponseKind.Deny => $"A rule would deny the request: {Code(answer.StatusCode)}.",
        RuleResponseKind.Tarpit => $"A rule would tarpit the request, then answer {Code(answer.StatusCode)}.",
        RuleResponseKind.RewriteFailed => $"A rewrite could not be applied: {Code(answer.StatusCode)}.",
        RuleResponseKind.Reject => "A rule would close the connection.",
        _ => $"A rule would answer {Code(answer.StatusCode)}.",
    };

    private static string Forwarded(ExplainResult result)
    {
        var by = result.Route is null ? "by a use-backend rule" : $"by route {result.Route}";
        var servers = result.Servers.Count == 0 ? "no server is ready (the client would get 503)" : $"servers {string.Join(", ", result.Servers)}";
        return $"Forwarded {by} to cluster {result.Cluster}: {servers}.";
    }

    private static string Code(int status) => status.ToString(CultureInfo.InvariantCulture);
}
