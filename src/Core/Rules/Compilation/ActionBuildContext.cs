using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Compilation;

/// <summary>What an action's factory may ask of the compiler while it builds the action of one rule.</summary>
internal sealed class ActionBuildContext(RulePhase phase, RuleCompileContext context, bool allowsUseBackend) : IActionBuildContext
{
    public RulePhase Phase => phase;

    public bool AllowsUseBackend => allowsUseBackend;

    public IEnumerable<string> Clusters => context.Clusters;

    public bool HasCluster(string id) => context.HasCluster(id);

    public CompiledFormat Format(ActionArgument argument) => FormatCompiler.Compile(argument, phase.ToSet(), context);

    public CompiledSample Sample(ActionArgument argument)
    {
        SampleExpression expression;
        try
        {
            expression = SampleExpressionParser.Parse(argument.Text, argument.Position.Line, argument.Position.Column);
        }
        catch (RuleSyntaxException ex)
        {
            throw new RuleCompileException(ex.Diagnostic.Message, new(ex.Diagnostic.Line, ex.Diagnostic.Column), ex.Diagnostic.Found, ex.Diagnostic.Expected);
        }

        return SampleCompiler.Compile(expression, phase.ToSet(), context);
    }

    public StickTableSchema? StickTable(ActionArgument id)
    {
        try
        {
            return context.StickTable(id.Text);
        }
        catch (RuleCompileException ex) when (ex.Position is null)
        {
            throw ex.At(id.Position);
        }
    }

    public SampleType? FetchType(ActionArgument argument)
    {
        var expression = SampleExpressionParser.Parse(argument.Text, argument.Position.Line, argument.Position.Column);
        return expression.Converters.Count == 0 && context.Fetches.TryGet(expression.Fetch.Name, out var fetch) ? fetch.Type : null;
    }

    /// <summary>Builds a rule's action through the factory registered for its keyword.</summary>
    /// <exception cref="RuleCompileException">The action's arguments are not valid.</exception>
    public static RuleAction Build(ActionCall call, RulePhase phase, RuleCompileContext context, bool allowsUseBackend) =>
        ActionCatalog.Default.TryGet(call.Name, out var factory)
            ? factory.Build(call, new ActionBuildContext(phase, context, allowsUseBackend))
            : throw new RuleCompileException($"The action '{call.Name}' has no implementation.", call.Position, call.Name, "an action with an implementation");
}
