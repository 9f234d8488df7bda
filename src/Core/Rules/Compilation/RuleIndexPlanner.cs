using System.Collections.Frozen;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>
/// Splits a phase's rules into steps: runs in which no rule changes a sample before the run's
/// last rule can have all their conditions decided by index lookups up front; the rest run one
/// by one. Evaluating the steps gives exactly the outcome of evaluating each rule in order.
/// </summary>
internal static class RuleIndexPlanner
{
    public static CompiledPhase Plan(List<(CompiledRule Rule, List<Criterion>? Indexable)> rules, PhaseSet phase, RuleCompileContext context)
    {
        var steps = new List<CompiledPhase.Step>();
        var linearStart = 0;
        var start = 0;
        for (var i = 0; i < rules.Count; i++)
        {
            if (!rules[i].Rule.Action.ChangesSamples && i != rules.Count - 1)
            {
                continue;
            }

            // [start, i] is a run whose conditions all see the same request.
            var end = i + 1;
            var indexable = 0;
            for (var r = start; r < end; r++)
            {
                indexable += rules[r].Indexable is null ? 0 : 1;
            }

            if (indexable >= RuleCompiler.MinimumIndexedRun)
            {
                if (linearStart < start)
                {
                    steps.Add(new CompiledPhase.LinearStep(linearStart, start));
                }

                steps.Add(Indexed(rules, start, end, phase, context));
                linearStart = end;
            }

            start = end;
        }

        if (linearStart < rules.Count)
        {
            steps.Add(new CompiledPhase.LinearStep(linearStart, rules.Count));
        }

        return new CompiledPhase([.. rules.Select(r => r.Rule)], [.. steps]);
    }

    private static CompiledPhase.IndexedStep Indexed(List<(CompiledRule Rule, List<Criterion>? Indexable)> rules, int start, int end, PhaseSet phase, RuleCompileContext context)
    {
        var always = new List<int>();
        var groups = new Dictionary<(string Sample, MatchMethod Method, bool IgnoreCase), (SampleExpression Sample, List<(string Pattern, int Position)> Patterns)>();
        for (var r = start; r < end; r++)
        {
            var criteria = rules[r].Indexable;
            if (criteria is null)
            {
                always.Add(r - start);
                continue;
            }

            foreach (var criterion in criteria)
            {
                // Case folding only matters for text: for addresses the flag must not split one index into two.
                var key = (RuleFormatter.Format(criterion.Sample), criterion.Method, criterion.IgnoreCase && criterion.Method != MatchMethod.Ip);
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = (criterion.Sample, []);
                }

                group.Patterns.AddRange(criterion.Patterns.Select(p => (p, r - start)));
            }
        }

        var indexes = groups.Select(g => Index(g.Key.Method, g.Key.IgnoreCase, SampleCompiler.Compile(g.Value.Sample, phase, context), g.Value.Patterns)).ToArray();
        return new CompiledPhase.IndexedStep(start, end, indexes, [.. always]);
    }

    private static RuleIndex Index(MatchMethod method, bool ignoreCase, CompiledSample sample, List<(string Pattern, int Position)> patterns) => method switch
    {
        MatchMethod.Str => new RuleIndex(sample, patterns
            .GroupBy(p => p.Pattern, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Position).Distinct().ToArray(), ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)),
        MatchMethod.Beg or MatchMethod.End => new RuleIndex(sample, new PrefixTrie(patterns, ignoreCase, reversed: method == MatchMethod.End)),
        _ => new RuleIndex(sample, new CidrTable(patterns.Select(p => (ParseNetwork(p.Pattern), p.Position)))),
    };

    private static System.Net.IPNetwork ParseNetwork(string pattern) =>
        CidrTable.TryParseNetwork(pattern, out var network) ? network : throw new RuleCompileException($"'{pattern}' is not an IP address or network.", found: pattern, expected: "an IP address or network");
}
