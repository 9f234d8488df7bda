using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules;

/// <summary>
/// Runs rules through their indexes and the same rules one by one (each condition ANDed with
/// TRUE, which no index accepts) and checks that both do exactly the same.
/// </summary>
public static class IndexEquivalence
{
    /// <summary>What a run did, as text so a failure shows the difference.</summary>
    public sealed record Observed(RuleOutcome Outcome, string? Response, string? Backend, string Request, string ResponseHeaders, string Variables, string Rules);

    /// <summary>The same rules with every condition ANDed with TRUE: same meaning, nothing indexable.</summary>
    public static string Deindex(string rules) => string.Join('\n', rules.Split('\n').Select(line =>
        RuleParser.Parse(line).RuleSet is { Rules: [{ Condition: not null }] } ? line.TrimEnd() + " TRUE" : line));

    public static Observed Observe(CompiledRules rules, TestExchange exchange, RulePhase phase)
    {
        var trace = new RuleTrace();
        var session = new RuleSession(exchange, trace);
        var outcome = rules.Run(phase, session);
        var response = session.Response is { } r
            ? $"{r.Kind} {r.StatusCode} {r.ContentType} {r.Body} {r.Location} [{Fields(r.Headers)}]"
            : null;
        var fired = trace.Entries
            .Where(e => e.Kind is TraceEntryKind.RuleFired or TraceEntryKind.RuleSkipped)
            .Select(e => $"{(e.Kind == TraceEntryKind.RuleFired ? "fired" : "skipped")}:{e.Line}");
        return new Observed(
            outcome,
            response,
            session.Backend,
            $"{exchange.Method} {exchange.Path}?{exchange.QueryText} [{Fields(exchange.RequestHeaders.All())}]",
            $"{exchange.StatusCode} [{Fields(exchange.ResponseHeaders.All())}]",
            string.Join("; ", session.Variables.Select(v => $"{v.Key}={v.Value}")),
            string.Join(' ', fired));
    }

    /// <summary>Checks that indexing changes nothing for each request, and returns how many rules were indexed.</summary>
    public static int AssertSameAsOneByOne(string rules, IEnumerable<Func<TestExchange>> requests, RulePhase phase = RulePhase.HttpRequest, IEnumerable<MapConfig>? maps = null)
    {
        var indexed = RuleHarness.Compile(rules, maps: maps);
        var linear = RuleHarness.Compile(Deindex(rules), maps: maps);
        Assert.Equal(0, linear.IndexedRuleCount);
        // use-backend rules run after the phase's other rules, as HAProxy runs use_backend.
        var phaseRules = RuleParser.ParseValid(rules).Rules.Where(r => r.Phase == phase).ToList();
        var ruleLines = phaseRules.Where(r => r.Action.Name != "use-backend").Concat(phaseRules.Where(r => r.Action.Name == "use-backend")).Select(r => r.Position.Line).ToList();

        foreach (var request in requests)
        {
            var expected = Observe(linear, request(), phase);
            var actual = Observe(indexed, request(), phase);
            Assert.Equal(expected, actual);

            // The trace lists the phase's rules in order up to the one that ended it, then (unless a
            // rule answered) every use-backend rule, which run last as in HAProxy.
            var listed = actual.Rules.Length == 0 ? [] : actual.Rules.Split(' ').Select(e => int.Parse(e[(e.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var switching = phaseRules.Where(r => r.Action.Name == "use-backend").Select(r => r.Position.Line).ToList();
            var others = ruleLines.Except(switching).ToList();
            var listedOthers = listed.Where(l => !switching.Contains(l)).ToList();
            Assert.Equal(others.Take(listedOthers.Count), listedOthers);
            Assert.Equal(actual.Outcome == RuleOutcome.Respond ? [] : switching, listed.Where(switching.Contains).ToList());
            if (actual.Outcome == RuleOutcome.Continue)
            {
                Assert.Equal(ruleLines.Count, listed.Count);
            }
        }

        return indexed.IndexedRuleCount;
    }

    private static string Fields(IEnumerable<KeyValuePair<string, string>> fields) => string.Join(", ", fields.Select(f => $"{f.Key}: {f.Value}"));
}
