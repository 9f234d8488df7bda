using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules;

/// <summary>Compiles rules text for a scope and runs it against a test exchange.</summary>
public static class RuleHarness
{
    public static CompiledRules Compile(string text, RuleScopeKind kind = RuleScopeKind.Listener, IEnumerable<MapConfig>? maps = null, IEnumerable<string>? clusters = null)
    {
        var result = RuleCompiler.Compile(text, new RuleScope(kind, "test"), new RuleCompileContext(maps ?? [], clusters ?? ["api", "web", "static"]));
        Assert.True(result.Rules is not null, string.Join("\n", result.Diagnostics));
        return result.Rules!;
    }

    public static IReadOnlyList<RuleDiagnostic> Errors(string text, RuleScopeKind kind = RuleScopeKind.Listener, IEnumerable<MapConfig>? maps = null)
    {
        var result = RuleCompiler.Compile(text, new RuleScope(kind, "test"), new RuleCompileContext(maps ?? [], ["api", "web"]));
        Assert.Null(result.Rules);
        return result.Diagnostics;
    }

    public static (RuleOutcome Outcome, RuleSession Session) Run(string text, TestExchange exchange, RulePhase phase = RulePhase.HttpRequest, IEnumerable<MapConfig>? maps = null, RuleTrace? trace = null)
    {
        var session = new RuleSession(exchange, trace);
        var outcome = Compile(text, maps: maps).Run(phase, session);
        return (outcome, session);
    }

    /// <summary>The value a sample expression gives where one value is needed (set-var, formats), or null when it gives none.</summary>
    public static string? Value(string expression, TestExchange exchange, RulePhase phase = RulePhase.HttpRequest, IEnumerable<MapConfig>? maps = null)
    {
        var (_, session) = Run($"{phase.Keyword()} set-var(txn.out) {RuleFormatter.Word(expression)}", exchange, phase, maps);
        return session.TryGetVariable("txn.out", out var value) ? value.ToString() : null;
    }

    /// <summary>Whether an anonymous ACL (<c>{ criterion }</c>) holds for the exchange.</summary>
    public static bool Matches(string criterion, TestExchange exchange, RulePhase phase = RulePhase.HttpRequest, IEnumerable<MapConfig>? maps = null)
    {
        var (outcome, _) = Run($"{phase.Keyword()} deny if {{ {criterion} }}", exchange, phase, maps);
        return outcome == RuleOutcome.Respond;
    }

    /// <summary>Whether a condition (what follows <c>if</c> or <c>unless</c>, with the keyword) holds, given some ACL lines.</summary>
    public static bool Holds(string acls, string condition, TestExchange exchange)
    {
        var (outcome, _) = Run($"{acls}\nhttp-request deny {condition}", exchange);
        return outcome == RuleOutcome.Respond;
    }
}
