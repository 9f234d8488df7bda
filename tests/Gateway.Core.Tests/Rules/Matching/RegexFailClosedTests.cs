using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Matching;

/// <summary>
/// Regexes the linear-time engine cannot run are refused unless the rule opts in with (*BACKTRACK), and a backtracking
/// regex that runs out of time refuses the request instead of counting as "no match".
/// </summary>
public class RegexFailClosedTests
{
    [Theory]
    [InlineData(@"http-request deny if { path_reg ^/(a+)\1$ }")]
    [InlineData(@"http-request deny if { path_reg ^/(?=admin) }")]
    [InlineData(@"http-request deny if { hdr(x-a) -m reg (?<!x)y }")]
    [InlineData(@"http-request set-header X-Y %[path,regsub((a)\1,b)]")]
    public void PatternNeedingBacktracking_IsRefusedAtValidation_NamingTheOptIn(string rule)
    {
        var error = Assert.Single(RuleHarness.Errors(rule));

        Assert.Contains("(*BACKTRACK)", error.Message, StringComparison.Ordinal);
        Assert.Contains("backtracking", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatternNeedingBacktracking_WithTheOptIn_CompilesAndMatches()
    {
        var (outcome, session) = RuleHarness.Run(@"http-request deny if { path_reg (*BACKTRACK)^/(a+)\1$ }", new TestExchange(url: "/aaaa"));

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(403, session.Response!.StatusCode);
        Assert.False(session.RegexTimedOut);
    }

    [Fact]
    public void RegexTimeout_RefusesTheRequest_RatherThanLettingItPastADeny()
    {
        // Catastrophic backtracking: (a+)+$ on a long run of a's that ends in something else.
        var path = "/" + new string('a', 40) + "!";

        var (outcome, session) = RuleHarness.Run("http-request deny if { path_reg (*BACKTRACK)^/(a+)+$ }", new TestExchange(url: path));

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.True(session.RegexTimedOut);
        Assert.Equal((RuleResponseKind.Deny, 403), (session.Response!.Kind, session.Response.StatusCode));
    }

    [Fact]
    public void RegexTimeUnderAllowRules_IsRefusedToo_NotSkipped()
    {
        var path = "/" + new string('a', 40) + "!";

        var (outcome, session) = RuleHarness.Run("http-request allow if { path_reg (*BACKTRACK)^/(a+)+$ }\nhttp-request deny", new TestExchange(url: path));

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.True(session.RegexTimedOut);
        Assert.Equal(403, session.Response!.StatusCode);
    }

    [Fact]
    public void ManyHeaderValues_EachUnderTheTimeout_AreBoundedByTheRequestsBudget()
    {
        // 1,000 values, each costly but (mostly) under the per-match timeout: together far over the request's budget.
        var value = new string('a', 21) + "!";
        var headers = Enumerable.Range(0, 1000).Select(_ => ("X-A", value)).ToArray();

        var (outcome, session) = RuleHarness.Run("http-request deny if { hdr(x-a) -m reg (*BACKTRACK)^(a+)+$ }", new TestExchange(headers: headers));

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.True(session.RegexTimedOut);
    }

    [Fact]
    public void LinearPatterns_NeedNoOptIn_AndNeverTimeOut()
    {
        var path = "/" + new string('a', 100_000) + "!";

        var (outcome, session) = RuleHarness.Run("http-request deny if { path_reg ^/(a+)+$ }", new TestExchange(url: path));

        Assert.Equal(RuleOutcome.Continue, outcome);
        Assert.False(session.RegexTimedOut);
    }
}
