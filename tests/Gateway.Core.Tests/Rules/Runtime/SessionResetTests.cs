using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Runtime;

/// <summary>A session reset for the next transaction (as the HTTP/1.1 core reuses them) runs rules as a new session does.</summary>
public class SessionResetTests
{
    private const string Rules = """
        http-request set-var(txn.seen) path if { path_beg /mark }
        http-request use-backend api if { path_beg /mark }
        http-request use-backend web if { path_beg /web }
        http-request deny deny_status 451 if { path_beg /deny }
        http-request set-header X-Seen %[var(txn.seen)] if { var(txn.seen) -m found }
        """;

    [Fact]
    public void AfterReset_TheNextTransaction_SeesNothingOfTheLast_AndCanChooseABackendInTheSameScopeAgain()
    {
        var rules = RuleHarness.Compile(Rules);
        var exchange = new TestExchange(url: "/mark");
        var session = new RuleSession(exchange);
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, session));
        Assert.Equal("api", session.Backend);
        Assert.True(session.TryGetVariable("txn.seen", out _));

        // Denied: the answer and the rule that gave it are set.
        session.Reset();
        exchange.Path = "/deny";
        Assert.Equal(RuleOutcome.Respond, rules.Run(RulePhase.HttpRequest, session));
        Assert.Equal(451, session.Response!.StatusCode);
        Assert.NotNull(session.AnsweredBy);

        // A later transaction in the same scope: no variable, no answer, and its own use-backend takes effect (the
        // first-wins rule of a scope is per transaction).
        session.Reset();
        exchange.Path = "/web";
        exchange.RequestHeaders.Remove("X-Seen");
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, session));
        Assert.Equal("web", session.Backend);
        Assert.False(session.TryGetVariable("txn.seen", out _));
        Assert.Null(session.Response);
        Assert.Null(session.AnsweredBy);
        Assert.Null(exchange.RequestHeaders["X-Seen"]);
        Assert.Empty(session.Variables);

        // And as a new session would: same backend, same variables, same answer.
        var fresh = new RuleSession(exchange);
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, fresh));
        Assert.Equal((fresh.Backend, fresh.Response, fresh.Scope), (session.Backend, session.Response, session.Scope));
    }

    [Fact]
    public void Reset_GivesBackTheRegexBudget_AndClearsAPendingWaitAndItsPlace()
    {
        var session = new RuleSession(new TestExchange())
        {
            RegexBudgetTicks = 0,
            RegexTimedOut = true,
            ResumeAt = 4,
            Scope = "route api",
        };
        session.Reset();
        Assert.Equal(RuleRegex.BudgetTicks, session.RegexBudgetTicks);
        Assert.False(session.RegexTimedOut);
        Assert.Equal(0, session.ResumeAt);
        Assert.Null(session.PendingWait);
        Assert.Equal("", session.Scope);
    }
}
