using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Actions;

/// <summary>How an action is written: the phases that accept it, its positional arguments and its options.</summary>
/// <param name="Phases">Phases whose rules may use the action.</param>
/// <param name="MinArguments">Positional arguments that must be given.</param>
/// <param name="MaxArguments">Positional arguments that may be given.</param>
/// <param name="Usage">The action as it is written, for error messages.</param>
/// <param name="HasParameter">Whether the name carries a parameter in parentheses, as in <c>set-var(txn.x)</c>.</param>
internal sealed record ActionSyntax(string Name, RulePhase[] Phases, int MinArguments, int MaxArguments, string Usage, bool HasParameter = false, params OptionSyntax[] Options)
{
    public OptionSyntax? Option(string name) => Array.Find(Options, o => o.Name == name);
}

/// <param name="Values">How many values follow the option's name (0 for a flag).</param>
/// <param name="Repeatable">Whether the option may be given more than once.</param>
internal sealed record OptionSyntax(string Name, int Values, bool Repeatable = false);

/// <summary>How each action of <see cref="ActionCatalog.Default"/> is written, as the parser and the formatter read it.</summary>
internal static class ActionSyntaxTable
{
    public static IEnumerable<string> Names => ActionCatalog.Default.Names;

    public static bool TryGet(string name, out ActionSyntax action)
    {
        var found = ActionCatalog.Default.TryGet(name, out var factory);
        action = found ? factory.Syntax : null!;
        return found;
    }

    /// <summary>The action names a phase accepts, for "expected" in error messages.</summary>
    public static string NamesFor(RulePhase phase) =>
        string.Join(", ", ActionCatalog.Default.Actions.Where(a => a.Syntax.Phases.Contains(phase)).Select(a => a.Syntax.Name).Order(StringComparer.Ordinal));
}
