using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>
/// Compiles a scope's rules text once per snapshot: parse, resolve ACLs, build matchers and
/// actions, and index runs of rules that look up the same samples. Every problem is reported
/// with its line and column; nothing half-compiled is returned.
/// </summary>
public static class RuleCompiler
{
    /// <summary>Runs of at least this many indexable rules are evaluated through indexes; shorter runs one by one.</summary>
    internal const int MinimumIndexedRun = 8;

    public static RuleCompileResult Compile(string? text, RuleScope scope, RuleCompileContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = RuleParser.Parse(text, context.Fetches);
        if (parsed.RuleSet is null)
        {
            return new(null, parsed.Diagnostics);
        }

        var compiled = new ScopeCompiler(parsed.RuleSet, scope, context).Compile();
        return compiled with { Warnings = [.. parsed.Warnings, .. compiled.Warnings] };
    }

    private sealed class ScopeCompiler(RuleSet syntax, RuleScope scope, RuleCompileContext context)
    {
        private readonly Dictionary<string, AclStatement[]> _acls = syntax.Acls.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        private readonly Dictionary<(string, PhaseSet), CompiledAcl> _compiledAcls = [];
        private readonly HashSet<string> _usedAcls = new(StringComparer.Ordinal);
        private readonly List<RuleDiagnostic> _diagnostics = [];

        public RuleCompileResult Compile()
        {
            var phases = new Dictionary<RulePhase, List<(CompiledRule Rule, List<Criterion>? Indexable)>>();
            foreach (var rule in syntax.Rules)
            {
                var compiled = Guard(rule.Position, () => CompileRule(rule));
                if (compiled.Rule is not null)
                {
                    if (!phases.TryGetValue(rule.Phase, out var list))
                    {
                        phases[rule.Phase] = list = [];
                    }

                    list.Add((compiled.Rule, compiled.Indexable));
                }
            }

            foreach (var (name, statements) in _acls)
            {
                if (!_usedAcls.Contains(name))
                {
                    Guard(statements[0].Position, () => Acl(name, PhaseSet.None, statements[0].Position));
                }
            }

            if (_diagnostics.Count > 0)
            {
                // An ACL that fails is compiled again by every rule that uses it: report it once.
                return new(null, [.. _diagnostics.Distinct().OrderBy(d => d.Line).ThenBy(d => d.Column)]);
            }

            // HAProxy evaluates a frontend's use_backend lines after all of its http-request rules,
            // wherever they are written (and an 'allow' does not skip them): so do we.
            var requestRules = phases.GetValueOrDefault(RulePhase.HttpRequest) ?? [];
            var switching = requestRules.Where(r => r.Rule.Action is UseBackendAction).ToList();
            var request = requestRules.Where(r => r.Rule.Action is not UseBackendAction).ToList();
            var warnings = new List<RuleDiagnostic>();
            if (switching.Count > 0 && request.FirstOrDefault(r => r.Rule.Line > switching[0].Rule.Line).Rule is { } late)
            {
                warnings.Add(new RuleDiagnostic(late.Line, 1, $"This http-request rule is written after a use_backend line (line {switching[0].Rule.Line}), but runs before it: as in HAProxy, use_backend lines are evaluated after all http-request rules.") { IsWarning = true });
            }

            var rules = new CompiledRules(scope.ToString(), syntax,
                Phase(phases, RulePhase.TcpConnection), Plan(request, RulePhase.HttpRequest), Phase(phases, RulePhase.HttpResponse))
            {
                Switching = Plan(switching, RulePhase.HttpRequest),
            };
            return new(rules, []) { Warnings = warnings };
        }

        private (CompiledRule? Rule, List<Criterion>? Indexable) CompileRule(RuleStatement rule)
        {
            if (rule.Phase == RulePhase.TcpConnection && scope.Kind != RuleScopeKind.Listener)
            {
                throw new RuleCompileException("tcp-request connection rules run before any route or cluster is known; write them in a listener's rules.", rule.Position, "tcp-request", "http-request or http-response");
            }

            var phase = rule.Phase.ToSet();
            CompiledCondition? condition = null;
            if (rule.Condition is { } written)
            {
                var alternatives = written.Alternatives
                    .Select(terms => terms.Select(term => (term.Negated, Term(term, phase))).ToArray())
                    .ToArray();
                condition = new CompiledCondition(written.Unless, alternatives);
            }

            var action = ActionBuildContext.Build(rule.Action, rule.Phase, context, allowsUseBackend: scope.Kind != RuleScopeKind.Cluster);
            var compiled = new CompiledRule(rule.Position.Line, RuleFormatter.Format(rule), condition, action);
            return (compiled, IndexableCriteria(rule.Condition));
        }

        private CompiledAcl Term(ConditionTerm term, PhaseSet phase) => term.AclName is { } name
            ? Acl(name, phase, term.Position)
            : BuildAcl("{ " + RuleFormatter.Format(term.Anonymous!) + " }", [term.Anonymous!], phase);

        private CompiledAcl Acl(string name, PhaseSet phase, SourcePosition usedAt)
        {
            if (_compiledAcls.TryGetValue((name, phase), out var acl))
            {
                return acl;
            }

            _usedAcls.Add(name);
            if (!_acls.TryGetValue(name, out var statements) && !PredefinedAcls.All.TryGetValue(name, out statements))
            {
                var suggestion = NameSuggestions.Suggest(name, _acls.Keys.Concat(PredefinedAcls.All.Keys));
                throw new RuleCompileException($"There is no ACL '{name}'{suggestion}; define it with 'acl {name} <fetch> <patterns>'.", usedAt, name, "an ACL defined in this scope or a predefined ACL");
            }

            acl = BuildAcl(name, [.. statements.Select(s => s.Criterion)], phase);
            _compiledAcls[(name, phase)] = acl;
            return acl;
        }

        private CompiledAcl BuildAcl(string name, Criterion[] criteria, PhaseSet phase) =>
            new(name, [.. criteria.Select(c => Criterion(c, phase))]);

        private CompiledCriterion Criterion(Criterion criterion, PhaseSet phase)
        {
            var sample = SampleCompiler.Compile(criterion.Sample, phase, context);
            try
            {
                var matcher = criterion is { Method: MatchMethod.Str, IgnoreCase: true, Sample: { Fetch.Name: "method", Converters.Count: 0 } }
                    ? new MethodMatcher(criterion.Patterns)
                    : MatcherFactory.Create(criterion.Method, criterion.IgnoreCase, criterion.Patterns);
                return new CompiledCriterion(sample, matcher, RuleFormatter.Format(criterion));
            }
            catch (RuleCompileException ex) when (ex.Position is null)
            {
                throw ex.At(criterion.Position);
            }
        }

        /// <summary>
        /// The criteria whose union decides a condition, when every one of them can be looked up in an
        /// index: <c>if</c> with alternatives of one positive ACL each, matched by str, beg, end or ip.
        /// </summary>
        private List<Criterion>? IndexableCriteria(Condition? condition)
        {
            if (condition is null || condition.Unless)
            {
                return null;
            }

            var criteria = new List<Criterion>();
            foreach (var terms in condition.Alternatives)
            {
                if (terms is not [{ Negated: false } term])
                {
                    return null;
                }

                if (term.Anonymous is not null)
                {
                    criteria.Add(term.Anonymous);
                }
                else if (_acls.TryGetValue(term.AclName!, out var statements))
                {
                    criteria.AddRange(statements.Select(s => s.Criterion));
                }
                else
                {
                    return null;
                }
            }

            // method -i has its own matcher (MethodMatcher), which an index lookup would not follow.
            return criteria.All(c => c.Method is MatchMethod.Str or MatchMethod.Beg or MatchMethod.End or MatchMethod.Ip
                && c is not { Method: MatchMethod.Str, IgnoreCase: true, Sample.Fetch.Name: "method" }) ? criteria : null;
        }

        private CompiledPhase? Phase(Dictionary<RulePhase, List<(CompiledRule Rule, List<Criterion>? Indexable)>> phases, RulePhase phase) =>
            phases.TryGetValue(phase, out var rules) ? RuleIndexPlanner.Plan(rules, phase.ToSet(), context) : null;

        private CompiledPhase? Plan(List<(CompiledRule Rule, List<Criterion>? Indexable)> rules, RulePhase phase) =>
            rules.Count > 0 ? RuleIndexPlanner.Plan(rules, phase.ToSet(), context) : null;

        private T? Guard<T>(SourcePosition position, Func<T> compile)
        {
            try
            {
                return compile();
            }
            catch (RuleCompileException ex)
            {
                var at = ex.Position ?? position;
                _diagnostics.Add(new RuleDiagnostic(at.Line, at.Column, ex.Message, ex.Found, ex.Expected));
                return default;
            }
        }
    }
}

/// <summary>The compiled rules, or null with every diagnostic.</summary>
public sealed record RuleCompileResult(CompiledRules? Rules, IReadOnlyList<RuleDiagnostic> Diagnostics)
{
    /// <summary>What loads but deserves a look, as HAProxy warns about it (each <see cref="RuleDiagnostic.IsWarning"/>).</summary>
    public IReadOnlyList<RuleDiagnostic> Warnings { get; init; } = [];
}
