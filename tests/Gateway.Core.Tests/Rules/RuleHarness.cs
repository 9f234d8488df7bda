using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
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
}
