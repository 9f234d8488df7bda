using System.Collections.Frozen;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Actions;

/// <summary>How an action is written: the phases that accept it, its positional arguments and its options.</summary>
/// <param name="Phases">Phases whose rules may use the action.</param>
/// <param name="MinArguments">Positional arguments that must be given.</param>
/// <param name="MaxArguments">Positional arguments that may be given.</param>
/// <param name="Usage">The action as it is written, for error messages.</param>
/// <param name="HasParameter">Whether the name carries a parameter in parentheses, as in <c>set-var(txn.x)</c>.</param>
public sealed record ActionSyntax(string Name, RulePhase[] Phases, int MinArguments, int MaxArguments, string Usage, bool HasParameter = false, params OptionSyntax[] Options)
{
    public OptionSyntax? Option(string name) => Array.Find(Options, o => o.Name == name);
}

/// <param name="Values">How many values follow the option's name (0 for a flag).</param>
/// <param name="Repeatable">Whether the option may be given more than once.</param>
public sealed record OptionSyntax(string Name, int Values, bool Repeatable = false);

public static class ActionSyntaxTable
{
    private const RulePhase Tcp = RulePhase.TcpConnection;
    private const RulePhase Req = RulePhase.HttpRequest;
    private const RulePhase Res = RulePhase.HttpResponse;

    private static readonly OptionSyntax[] ResponseBody =
        [new("content-type", 1), new("string", 1), new("lf-string", 1)];

    private static readonly FrozenDictionary<string, ActionSyntax> Actions = new ActionSyntax[]
    {
        new("accept", [Tcp], 0, 0, "accept"),
        new("reject", [Tcp], 0, 0, "reject"),
        new("allow", [Req, Res], 0, 0, "allow"),
        new("deny", [Req, Res], 0, 0, "deny [deny_status <code>] [content-type <type>] [string <text> | lf-string <format>]", false, [new OptionSyntax("deny_status", 1), .. ResponseBody]),
        new("tarpit", [Req], 0, 0, "tarpit [deny_status <code>] [content-type <type>] [string <text> | lf-string <format>]", false, [new OptionSyntax("deny_status", 1), .. ResponseBody]),
        new("redirect", [Req, Res], 2, 2, "redirect location|prefix|scheme <format> [code 301|302|303|307|308] [drop-query]", false, new OptionSyntax("code", 1), new OptionSyntax("drop-query", 0)),
        new("return", [Req], 0, 0, "return [status <code>] [content-type <type>] [string <text> | lf-string <format>] [hdr <name> <format>]...", false, [new OptionSyntax("status", 1), .. ResponseBody, new OptionSyntax("hdr", 2, Repeatable: true)]),
        new("set-header", [Req, Res], 2, 2, "set-header <name> <format>"),
        new("add-header", [Req, Res], 2, 2, "add-header <name> <format>"),
        new("del-header", [Req, Res], 1, 1, "del-header <name>"),
        new("replace-header", [Req, Res], 3, 3, "replace-header <name> <regex> <format>"),
        new("replace-value", [Req, Res], 3, 3, "replace-value <name> <regex> <format>"),
        new("set-path", [Req], 1, 1, "set-path <format>"),
        new("replace-path", [Req], 2, 2, "replace-path <regex> <format>"),
        new("set-query", [Req], 1, 1, "set-query <format>"),
        new("set-method", [Req], 1, 1, "set-method <format>"),
        new("set-var", [Tcp, Req, Res], 1, 1, "set-var(<scope.name>) <expression>", HasParameter: true),
        new("use-backend", [Req], 1, 1, "use-backend <cluster or format>"),
        new("set-status", [Res], 1, 1, "set-status <code> [reason <text>]", false, new OptionSyntax("reason", 1)),
        new("rewrite-location", [Res], 0, 2, "rewrite-location [<server prefix> <public prefix>]"),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Actions.Keys;

    public static bool TryGet(string name, out ActionSyntax action) => Actions.TryGetValue(name, out action!);

    /// <summary>The action names a phase accepts, for "expected" in error messages.</summary>
    public static string NamesFor(RulePhase phase) =>
        string.Join(", ", Actions.Values.Where(a => a.Phases.Contains(phase)).Select(a => a.Name).Order(StringComparer.Ordinal));
}
