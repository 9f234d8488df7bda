using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Ui.Services.RulesEditor;

/// <summary>
/// Checks a rules text being edited for one scope, with the compiler the store validates every commit
/// with (<see cref="RuleCompiler"/>, as <see cref="Gateway.Core.Validation.ConfigValidator"/> calls it), against
/// the document the edit would land in (the pending one): maps and clusters staged but not yet committed count.
/// </summary>
internal static class RuleEditorCheck
{
    public static RuleCheckResult Check(GatewayConfig document, RuleScopeKind kind, string id, string? text)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!ScopeExists(document, kind, id))
        {
            return new RuleCheckResult(false, [new RuleProblem(0, 0, 0, $"There is no {Noun(kind)} '{id}' in the pending configuration.")], 0, 0);
        }

        var result = RuleCompiler.Compile(text, new RuleScope(kind, id), RuleCompileContext.For(document));
        var problems = result.Diagnostics
            .Select(d => new RuleProblem(d.Line, d.Column, d.Found is { Length: > 0 } found ? found.Length : 1, d.Message, d.Found, d.Expected))
            .ToList();
        var syntax = result.Rules?.Syntax;
        return new RuleCheckResult(problems.Count == 0, problems, syntax?.Acls.Count ?? 0, syntax?.Rules.Count ?? 0);
    }

    /// <summary>The scope's current rules text in <paramref name="document"/>, or null when the scope does not exist.</summary>
    public static string? TextOf(GatewayConfig document, RuleScopeKind kind, string id)
    {
        ArgumentNullException.ThrowIfNull(document);
        return kind switch
        {
            RuleScopeKind.Listener => document.Listeners.FirstOrDefault(l => Same(l.Id, id)) is { } l ? l.Rules ?? "" : null,
            RuleScopeKind.Route => document.Routes.FirstOrDefault(r => Same(r.Id, id)) is { } r ? r.Rules ?? "" : null,
            _ => document.Clusters.FirstOrDefault(c => Same(c.Id, id)) is { } c ? c.Rules ?? "" : null,
        };
    }

    /// <summary>
    /// The operation that sets the scope's rules to <paramref name="text"/> (spelled as the store keeps it),
    /// or null when the scope does not exist in <paramref name="document"/>.
    /// </summary>
    public static ConfigOperation? SetRules(GatewayConfig document, RuleScopeKind kind, string id, string? text)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rules = RulesText.Normalize(text);
        return kind switch
        {
            RuleScopeKind.Listener => document.Listeners.FirstOrDefault(l => Same(l.Id, id)) is { } l ? ConfigOperation.Update(l with { Rules = rules }) : null,
            RuleScopeKind.Route => document.Routes.FirstOrDefault(r => Same(r.Id, id)) is { } r ? ConfigOperation.Update(r with { Rules = rules }) : null,
            _ => document.Clusters.FirstOrDefault(c => Same(c.Id, id)) is { } c ? ConfigOperation.Update(c with { Rules = rules }) : null,
        };
    }

    /// <summary>A listener a request can reach the scope through, for a sample request that names none; null when the document has no listener.</summary>
    public static string? ListenerFor(GatewayConfig document, RuleScopeKind kind, string id)
    {
        ArgumentNullException.ThrowIfNull(document);
        var routes = kind switch
        {
            RuleScopeKind.Listener => [],
            RuleScopeKind.Route => document.Routes.Where(r => Same(r.Id, id)),
            _ => document.Routes.Where(r => Same(r.Cluster, id)),
        };
        var candidates = kind == RuleScopeKind.Listener ? [id] : routes.SelectMany(r => r.Listeners.Count > 0 ? r.Listeners : document.Listeners.Select(l => l.Id));
        return candidates.FirstOrDefault(c => document.Listeners.Any(l => Same(l.Id, c))) ?? FirstListener(document);
    }

    /// <summary>The document's first listener, or null when it has none.</summary>
    public static string? FirstListener(GatewayConfig document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Listeners.Count > 0 ? document.Listeners[0].Id : null;
    }

    public static bool ScopeExists(GatewayConfig document, RuleScopeKind kind, string id) => TextOf(document, kind, id) is not null;

    public static string Noun(RuleScopeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Reads <c>listener</c>, <c>route</c> or <c>cluster</c> (as URLs and forms spell a scope).</summary>
    public static bool TryParseKind(string? text, out RuleScopeKind kind)
    {
        kind = default;
        return text is not null && !int.TryParse(text, out _) && Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The check of one rules text: every problem, and how many ACLs and rules it holds when valid.</summary>
internal sealed record RuleCheckResult(bool IsValid, IReadOnlyList<RuleProblem> Problems, int AclCount, int RuleCount);

/// <summary>A problem at a 1-based line and column (0 for one about the scope as a whole), <see cref="Length"/> characters long.</summary>
public sealed record RuleProblem(int Line, int Column, int Length, string Message, string? Found = null, string? Expected = null);
