using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary><c>allow</c> and <c>tcp-request connection accept</c>: stop this scope's rules for the phase.</summary>
internal sealed class AllowAction : RuleAction
{
    public static AllowAction Instance { get; } = new();

    public override RuleOutcome Execute(RuleSession session)
    {
        Describe(session, "stops the rest of this scope's rules for this phase");
        return RuleOutcome.Allow;
    }
}

/// <summary><c>tcp-request connection reject</c>: close the connection.</summary>
internal sealed class RejectAction : RuleAction
{
    private static readonly RuleResponse Rejected = new(RuleResponseKind.Reject, 0);

    public static RejectAction Instance { get; } = new();

    public override RuleOutcome Execute(RuleSession session)
    {
        session.Response = Rejected;
        Describe(session, "closes the connection");
        return RuleOutcome.Respond;
    }
}

/// <summary><c>use-backend</c>: the cluster this request goes to, fixed or computed (<c>%[req.hdr(host),lower,map(hosts)]</c>).</summary>
internal sealed class UseBackendAction(CompiledFormat cluster) : RuleAction
{
    public override RuleOutcome Execute(RuleSession session)
    {
        var name = cluster.Evaluate(session);
        if (name.Length > 0)
        {
            session.UseBackend(name);
        }

        if (session.Trace is not null)
        {
            Describe(session, name.Length > 0 ? $"cluster '{session.Backend}'" : "the format gave an empty name; no cluster chosen");
        }

        return RuleOutcome.Continue;
    }
}

/// <summary><c>set-var(name) expression</c>.</summary>
internal sealed class SetVariableAction(string name, CompiledSample sample) : RuleAction
{
    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        if (sample.TryEvaluateLast(session, out var value))
        {
            // Keep a copy: a slice of a header that a later rule rewrites must not change the variable.
            session.SetVariable(name, value.Type == SampleType.Text ? Sample.FromText(value.Text.ToString()) : value);
            Describe(session, $"{name} = {value}");
        }
        else
        {
            Describe(session, $"{name} not set: {sample.Text} has no value");
        }

        return RuleOutcome.Continue;
    }
}
