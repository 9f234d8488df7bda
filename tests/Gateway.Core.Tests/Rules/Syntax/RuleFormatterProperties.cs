using FsCheck;
using FsCheck.Fluent;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules.Syntax;

/// <summary>Formatting rules and parsing the text gives the same rules back.</summary>
public class RuleFormatterProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Parse_OfFormat_IsTheOriginal() =>
        Prop.ForAll(RuleSyntaxGenerators.RuleSet.ToArbitrary(), rules =>
        {
            var text = RuleFormatter.Format(rules);
            var parsed = RuleParser.Parse(text);
            Assert.True(parsed.RuleSet is not null, text + "\n" + string.Join("\n", parsed.Diagnostics));
            Assert.Equal(text, RuleFormatter.Format(parsed.RuleSet!));
            Assert.Equal(rules, parsed.RuleSet);
        }).Check(Config);

    [Fact]
    public void Format_IsStableUnderParsing() =>
        Prop.ForAll(RuleSyntaxGenerators.RuleSet.ToArbitrary(), rules =>
        {
            var text = RuleFormatter.Format(rules);
            var again = RuleFormatter.Format(RuleParser.ParseValid(text));
            Assert.Equal(text, again);
            Assert.Equal(again, RuleFormatter.Format(RuleParser.ParseValid(again)));
        }).Check(Config);

    [Fact]
    public void Word_IsReadBackAsOneToken() =>
        Prop.ForAll(RuleSyntaxGenerators.Text.ToArbitrary(), word =>
        {
            var tokens = RuleLexer.Split("x " + RuleFormatter.Word(word) + " y", 1);
            Assert.Equal(["x", word, "y"], tokens.Select(t => t.Text));
        }).Check(Config);

    [Fact]
    public void SampleExpression_RoundTrips() =>
        Prop.ForAll(RuleSyntaxGenerators.Sample.ToArbitrary(), expression =>
        {
            var text = RuleFormatter.Format(expression);
            Assert.Equal(expression, SampleExpressionParser.Parse(text, 1, 1));
        }).Check(Config);

    [Theory]
    [InlineData("acl a path_beg /api\nhttp-request deny if a", "acl a path -m beg /api\nhttp-request deny if a\n")]
    [InlineData("use_backend api if { hdr_dom(host) -i example.com }", "http-request use-backend api if { hdr(host) -i -m dom example.com }\n")]
    [InlineData("http-request deny string x deny_status 429 content-type text/plain", "http-request deny deny_status 429 content-type text/plain string x\n")]
    [InlineData("http-request set-header X-A 'a b' unless ! ok || ! { path -- -x }", "http-request set-header X-A \"a b\" unless !ok || ! { path \"-x\" }\n")]
    [InlineData("acl x req.hdr(host),lower str  # comment", "acl x hdr(host),lower str\n")]
    [InlineData("acl x cook(a\\,b) \"if\" '}' \\#x", "acl x req.cook(a\\,b) \"if\" \"}\" \"#x\"\n")]
    [InlineData("http-request return hdr B 2 status 201 hdr A 1", "http-request return status 201 hdr B 2 hdr A 1\n")]
    public void Format_WritesTheCanonicalText(string text, string canonical) =>
        Assert.Equal(canonical, RuleFormatter.Format(RuleParser.ParseValid(text)));
}
