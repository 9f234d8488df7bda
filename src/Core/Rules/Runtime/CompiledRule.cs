

namespace Gateway.Core.Rules.Runtime;

/// <summary>One rule: its condition (none means always) and its action.</summary>
internal sealed class CompiledRule(int line, string text, CompiledCondition? condition, RuleAction action)
{
    public int Line { get; } = line;

    /// <summary>The rule's canonical text, for traces.</summary>
    public string Text { get; } = text;

    public CompiledCondition? Condition { get; } = condition;

    public RuleAction Action { get; } = action;

    /// <summary>How often the rule fired; shared with the same rule of the previous revision when it did not change.</summary>
    public RuleHits Hits { get; set; } = new();

    /// <param name="conditionHolds">True when an index lookup already established that the condition holds.</param>
    public RuleOutcome Run(RuleSession session, bool conditionHolds)
    {
        if (!conditionHolds && Condition is not null && !Condition.Evaluate(session))
        {
            session.Trace?.RuleSkipped(session.Scope, Line, Text, "condition is false");
            return RuleOutcome.Continue;
        }

        var outcome = Action.Execute(session);
        if (session.Trace is null)
        {
            // Live traffic only: a simulation (always traced) does not count.
            Hits.Hit();
        }

        if (outcome == RuleOutcome.Respond && session.AnsweredBy is null)
        {
            session.AnsweredBy = new RuleOrigin(session.Scope, Line);
        }

        if (session.Trace is not null)
        {
            var why = Condition is null ? "no condition" : conditionHolds ? "condition holds (found by index lookup)" : "condition holds";
            session.Trace.RuleFired(session.Scope, Line, Text, $"{why}; {session.ActionDetail}");
            session.ActionDetail = null;
        }

        return outcome;
    }
}
