using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules.Syntax;

/// <summary>
/// Forms HAProxy 2.6 loads (with or without a warning) that we used to refuse: they load here too,
/// each with a warning, and mean what they mean in HAProxy (checked against haproxy in
/// tests/Gateway.Differential.Tests).
/// </summary>
public sealed class HaproxyLenientFormsTests
{
    [Theory]
    [InlineData("http-request deny if", 19, "never runs")]
    [InlineData("http-request deny unless", 19, "always runs")]
    [InlineData("http-request deny if || a", 22, "follows no ACL")]
    [InlineData("http-request deny if a ! || b", 26, "follows no ACL")]
    [InlineData("http-request deny if a !", 24, "'!' is followed by no ACL")]
    [InlineData("acl a path", 7, "has no pattern, so it never matches")]
    [InlineData("http-request deny if { path }", 24, "has no pattern, so it never matches")]
    public void Parse_LoadsWithAWarning(string text, int column, string message)
    {
        var result = RuleParser.Parse(text);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.RuleSet);
        var warning = Assert.Single(result.Warnings);
        Assert.True(warning.IsWarning);
        Assert.Equal((1, column), (warning.Line, warning.Column));
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DoubleDashSaysNoPatternIsMeant()
    {
        var result = RuleParser.Parse("acl a path --");
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("if", "/x", false)]
    [InlineData("unless", "/x", true)]
    [InlineData("if !", "/x", false)]
    [InlineData("unless !", "/x", true)]
    [InlineData("if { path /x } ||", "/x", true)]
    [InlineData("if { path /x } ||", "/y", false)]
    [InlineData("if { hdr(x-none) }", "/x", false)]
    [InlineData("unless { hdr(x-none) }", "/x", true)]
    [InlineData("if !{ path /x }", "/x", false)]
    [InlineData("if !{ path /x }", "/y", true)]
    public void Condition_MeansWhatItMeansInHaproxy(string condition, string path, bool fires)
    {
        var (outcome, _) = RuleHarness.Run("http-request deny " + condition, new TestExchange(url: path));
        Assert.Equal(fires, outcome == Gateway.Core.Rules.Runtime.RuleOutcome.Respond);
    }
}
