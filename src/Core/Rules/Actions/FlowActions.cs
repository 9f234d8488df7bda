using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary><c>allow</c> and <c>tcp-request connection accept</c>: stop this scope's rules for the phase.</summary>
internal sealed class AllowAction : RuleAction
{
    public static AllowAction Instance { get; } = new();

    /// <summary><c>tcp-request connection accept</c>.</summary>
    public static IRuleActionFactory Accept { get; } = new ActionFactory(new("accept", [RulePhase.TcpConnection], 0, 0, "accept"), (_, _) => Instance);

    /// <summary><c>allow</c>.</summary>
    public static IRuleActionFactory Allow { get; } = new ActionFactory(new("allow", [RulePhase.HttpRequest, RulePhase.HttpResponse], 0, 0, "allow"), (_, _) => Instance);

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

    /// <summary><c>tcp-request connection reject</c>.</summary>
    public static IRuleActionFactory Reject { get; } = new ActionFactory(new("reject", [RulePhase.TcpConnection], 0, 0, "reject"), (_, _) => Instance);

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
    public static IRuleActionFactory UseBackend { get; } = new ActionFactory(new("use-backend", [RulePhase.HttpRequest], 1, 1, "use-backend <cluster or format>"), Build);

    private static UseBackendAction Build(ActionCall call, IActionBuildContext context)
    {
        var argument = call.Arguments[0];
        if (!context.AllowsUseBackend)
        {
            throw new RuleCompileException("use-backend belongs in a listener's or a route's rules; a cluster's rules run after the cluster is chosen.", call.Position, call.Name, "an action other than use-backend");
        }

        var format = context.Format(argument);
        if (!argument.Text.Contains("%[", StringComparison.Ordinal) && !context.HasCluster(argument.Text))
        {
            var known = string.Join(", ", context.Clusters.Order(StringComparer.Ordinal).Select(c => $"'{c}'"));
            throw new RuleCompileException($"There is no cluster '{argument.Text}'" + (known.Length == 0 ? "." : $"; clusters: {known}."), argument.Position, argument.Text, known.Length == 0 ? "a cluster" : known);
        }

        return new UseBackendAction(format);
    }

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
    public static IRuleActionFactory SetVar { get; } = new ActionFactory(new("set-var", [RulePhase.TcpConnection, RulePhase.HttpRequest, RulePhase.HttpResponse], 1, 1, "set-var(<scope.name>) <expression>", HasParameter: true), Build);

    private static SetVariableAction Build(ActionCall call, IActionBuildContext context)
    {
        var name = call.Parameter!;
        if (!Variables.IsValidName(name))
        {
            throw new RuleCompileException(Variables.NameRule(name), call.Position, name, Variables.Expected);
        }

        return new SetVariableAction(name, context.Sample(call.Arguments[0]));
    }

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
