using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary>
/// One action keyword: how it is written (read by the parser) and how its parsed call becomes a
/// <see cref="RuleAction"/> (called by the compiler). Each keyword's factory sits beside the action it
/// builds and is registered once in <see cref="ActionCatalog"/>, so a new action is one file and one
/// registration; this is the seam for a future <c>AddRuleAction&lt;T&gt;()</c>.
/// </summary>
internal interface IRuleActionFactory
{
    /// <summary>The keyword, the phases that accept it, its arguments and options.</summary>
    ActionSyntax Syntax { get; }

    /// <summary>Checks what the parser cannot (numbers, names, regexes, formats) and builds the action.</summary>
    /// <exception cref="RuleCompileException">An argument is not valid; reported at its position.</exception>
    RuleAction Build(ActionCall call, IActionBuildContext context);
}

/// <summary>A factory made of a syntax and a build function, for actions that need no state of their own.</summary>
internal sealed class ActionFactory(ActionSyntax syntax, Func<ActionCall, IActionBuildContext, RuleAction> build) : IRuleActionFactory
{
    public ActionSyntax Syntax { get; } = syntax;

    public RuleAction Build(ActionCall call, IActionBuildContext context) => build(call, context);
}
