using System.Collections.Frozen;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>Every scope's compiled rules in one document, looked up by listener, route or cluster id.</summary>
public sealed class DocumentRules
{
    private readonly FrozenDictionary<string, CompiledRules> _listeners;
    private readonly FrozenDictionary<string, CompiledRules> _routes;
    private readonly FrozenDictionary<string, CompiledRules> _clusters;

    private DocumentRules(Dictionary<string, CompiledRules> listeners, Dictionary<string, CompiledRules> routes, Dictionary<string, CompiledRules> clusters)
    {
        _listeners = listeners.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _routes = routes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _clusters = clusters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public static DocumentRules Empty { get; } = new([], [], []);

    /// <summary>False when no scope has any rule, so the hot path can skip rules entirely.</summary>
    public bool Any => _listeners.Count + _routes.Count + _clusters.Count > 0;

    public CompiledRules Listener(string id) => _listeners.GetValueOrDefault(id) ?? CompiledRules.Empty;

    public CompiledRules Route(string id) => _routes.GetValueOrDefault(id) ?? CompiledRules.Empty;

    public CompiledRules Cluster(string id) => _clusters.GetValueOrDefault(id) ?? CompiledRules.Empty;

    /// <summary>Every scope with rules, by kind (<c>listener</c>, <c>route</c>, <c>cluster</c>) and id.</summary>
    public IEnumerable<(string Kind, string Id, CompiledRules Rules)> Scopes()
    {
        foreach (var (id, rules) in _listeners)
        {
            yield return ("listener", id, rules);
        }

        foreach (var (id, rules) in _routes)
        {
            yield return ("route", id, rules);
        }

        foreach (var (id, rules) in _clusters)
        {
            yield return ("cluster", id, rules);
        }
    }

    /// <summary>
    /// Called once as this document's snapshot goes live: rules unchanged since <paramref name="previous"/> keep
    /// their hit counters (and the revision they count from); new or changed ones count from <paramref name="version"/>.
    /// </summary>
    public void AdoptHits(DocumentRules previous, string version)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(version);
        Adopt(_listeners, previous._listeners, version);
        Adopt(_routes, previous._routes, version);
        Adopt(_clusters, previous._clusters, version);
    }

    private static void Adopt(FrozenDictionary<string, CompiledRules> next, FrozenDictionary<string, CompiledRules> previous, string version)
    {
        foreach (var (id, rules) in next)
        {
            rules.AdoptHits(previous.GetValueOrDefault(id), version);
        }
    }

    /// <summary>
    /// Compiles every scope's rules; each problem is reported to <paramref name="report"/> with the path of the
    /// rules field (<c>listeners[id].rules</c> and so on). Validation turns them into its errors, so this
    /// stage knows nothing of validation.
    /// </summary>
    /// <param name="warn">Receives what loads but deserves a look (HAProxy's warnings), with the same paths.</param>
    public static DocumentRules Compile(GatewayConfig config, Action<string, RuleDiagnostic> report, FetchCatalog? fetches = null, Action<string, RuleDiagnostic>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(report);
        var context = RuleCompileContext.For(config, fetches);
        var listeners = Scopes(config.Listeners, l => l.Id, l => l.Rules, RuleScopeKind.Listener, "listeners", context, report, warn);
        var routes = Scopes(config.Routes, r => r.Id, r => r.Rules, RuleScopeKind.Route, "routes", context, report, warn);
        var clusters = Scopes(config.Clusters, c => c.Id, c => c.Rules, RuleScopeKind.Cluster, "clusters", context, report, warn);
        return new DocumentRules(listeners, routes, clusters);
    }

    private static Dictionary<string, CompiledRules> Scopes<T>(IReadOnlyList<T> entities, Func<T, string> id, Func<T, string?> text, RuleScopeKind kind,
        string collection, RuleCompileContext context, Action<string, RuleDiagnostic> report, Action<string, RuleDiagnostic>? warn)
    {
        var compiled = new Dictionary<string, CompiledRules>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in entities)
        {
            var rules = text(entity);
            if (string.IsNullOrWhiteSpace(rules) || string.IsNullOrWhiteSpace(id(entity)))
            {
                continue;
            }

            var result = RuleCompiler.Compile(rules, new RuleScope(kind, id(entity)), context);
            foreach (var diagnostic in result.Diagnostics)
            {
                report($"{collection}[{id(entity)}].rules", diagnostic);
            }

            foreach (var warning in result.Warnings)
            {
                warn?.Invoke($"{collection}[{id(entity)}].rules", warning);
            }

            if (result.Rules is { } scope && (scope.HasConnectionRules || scope.HasRequestRules || scope.HasResponseRules))
            {
                compiled.TryAdd(id(entity), scope);
            }
        }

        return compiled;
    }
}
