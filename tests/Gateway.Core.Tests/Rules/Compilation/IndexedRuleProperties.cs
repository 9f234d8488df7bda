using FsCheck;
using FsCheck.Fluent;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules.Compilation;

/// <summary>Random rule sets, indexed or not, do what <see cref="RefRuleSet.Evaluate"/> says, rule by rule.</summary>
public class IndexedRuleProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly string[] Paths = ["/", "/a", "/a/", "/a/b", "/ab", "/A/b", "/b.jpg", "/a/b.JPG", ".jpg", "b", ""];

    private static readonly string[] Hosts = ["a.example", "A.Example", "b.example", "example", "a.example.", ""];

    private static readonly string[] Tenants = ["t1", "T1", "t2", "t1-x", "x", ""];

    private static readonly string[] Networks = ["10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24", "192.0.2.10", "2001:db8::/32", "::ffff:198.51.100.0/120", "0.0.0.0/0", "::/0", "::1"];

    private static readonly string[] Clients = ["10.1.2.3", "10.9.9.9", "192.0.2.10", "192.0.2.99", "198.51.100.7", "::ffff:10.1.2.3", "2001:db8::5", "::1", "203.0.113.1"];

    private static Gen<RefCriterion> Criterion { get; } =
        from fetch in Gen.Elements("path", "req.fhdr(host)", "hdr(x-t)", "src")
        from method in fetch == "src"
            ? Gen.Constant(MatchMethod.Ip)
            : Gen.Frequency((14, Gen.Elements(MatchMethod.Str, MatchMethod.Beg, MatchMethod.End)), (1, Gen.Elements(MatchMethod.Sub, MatchMethod.Dom)))
        from ignoreCase in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        from count in Gen.Choose(1, 3)
        from patterns in Gen.Elements(fetch switch { "path" => Paths, "req.fhdr(host)" => Hosts, "hdr(x-t)" => Tenants, _ => Networks }).ArrayOf(count)
        select new RefCriterion(fetch, method, ignoreCase && fetch != "src", patterns);

    private static Gen<RefTerm> Term(int acls) =>
        from negated in Gen.Frequency((1, Gen.Constant(true)), (11, Gen.Constant(false)))
        from named in acls == 0 ? Gen.Constant(false) : Gen.Elements(true, false)
        from acl in Gen.Choose(0, Math.Max(0, acls - 1))
        from criterion in Criterion
        select named ? new RefTerm(negated, acl, null) : new RefTerm(negated, null, criterion);

    private static Gen<RefTerm[][]?> Condition(int acls) => Gen.Frequency(
        (1, Gen.Constant<RefTerm[][]?>(null)),
        (14, from count in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Constant(2)))
            from alternatives in (from terms in Gen.Frequency((7, Gen.Constant(1)), (1, Gen.Constant(2))) from list in Term(acls).ArrayOf(terms) select list).ArrayOf(count)
            select (RefTerm[][]?)alternatives));

    private static Gen<(string Action, string Argument)> Action { get; } = Gen.Frequency(
        (14, Gen.Elements("api", "web", "static").Select(c => ("use-backend", c))),
        (6, Gen.Choose(200, 299).Select(s => ("return", s.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        (1, Gen.Constant(("allow", ""))),
        // Rules that change X-T end a run of indexed rules: rare enough that most runs are long.
        (1, from action in Gen.Elements("set-header", "add-header", "del-header")
            from value in Gen.Elements(Tenants).Where(t => t.Length > 0)
            select (action, value)));

    private static Gen<RefRuleSet> RuleSets { get; } =
        from aclCount in Gen.Choose(0, 4)
        from acls in (from n in Gen.Choose(1, 2) from criteria in Criterion.ArrayOf(n) select criteria).ArrayOf(aclCount)
        from ruleCount in Gen.Choose(10, 40)
        from rules in (from unless in Gen.Frequency((1, Gen.Constant(true)), (14, Gen.Constant(false)))
                       from condition in Condition(aclCount)
                       from action in Action
                       select new RefRule(unless, condition, action.Action, action.Argument)).ArrayOf(ruleCount)
        select new RefRuleSet(acls, rules);

    private static Gen<RefRequest> Requests { get; } =
        from path in Gen.Elements(Paths).Where(p => p.StartsWith('/'))
        from suffix in Gen.Elements("", "x", "/c", ".jpg")
        from host in Gen.Frequency((1, Gen.Constant<string?>(null)), (4, Gen.Elements(Hosts).Select(h => (string?)h)))
        from lineCount in Gen.Choose(0, 2)
        from lines in (from n in Gen.Choose(1, 2) from values in Gen.Elements(Tenants).ArrayOf(n) select string.Join(", ", values)).ArrayOf(lineCount)
        from client in Gen.Elements(Clients)
        select new RefRequest(path + suffix, host, lines, client);

    [Fact]
    public void RuleSets_IndexedOrNot_DoWhatTheReferenceInterpreterDoes()
    {
        var indexedCases = 0;
        Prop.ForAll(RuleSets.ToArbitrary(), Requests.ArrayOf(4).ToArbitrary(), (rules, requests) =>
        {
            var text = rules.Text;
            var indexed = RuleHarness.Compile(text);
            var linear = RuleHarness.Compile(IndexEquivalence.Deindex(text));
            Assert.Equal(0, linear.IndexedRuleCount);
            indexedCases += indexed.IndexedRuleCount > 0 ? 1 : 0;
            foreach (var request in requests)
            {
                var expected = rules.Evaluate(request);
                Assert.True(expected == RefRuleSet.Run(indexed, request), $"{text}\n\n{request}\nexpected {expected}\nindexed  {RefRuleSet.Run(indexed, request)}");
                Assert.True(expected == RefRuleSet.Run(linear, request), $"{text}\n\n{request}\nexpected {expected}\none by one {RefRuleSet.Run(linear, request)}");
            }
        }).Check(Config);

        // Most generated rule sets must actually go through indexes, or the property proves little.
        Assert.True(indexedCases > 150, $"only {indexedCases} of 300 rule sets were indexed");
    }
}
