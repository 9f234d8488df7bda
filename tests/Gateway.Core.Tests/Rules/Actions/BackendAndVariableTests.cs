using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Actions;

/// <summary>use-backend (static, computed, first in a scope wins) and set-var with var().</summary>
public class BackendAndVariableTests
{
    private static readonly MapConfig[] Maps = [new() { Id = "hosts", Entries = [new("api.example.com", "api"), new("www.example.com", "web")] }];

    private static string? Backend(string rules, TestExchange exchange)
    {
        var (outcome, session) = RuleHarness.Run(rules, exchange, maps: Maps);
        Assert.Equal(RuleOutcome.Continue, outcome);
        return session.Backend;
    }

    [Theory]
    [InlineData("http-request use-backend api", "/", "api")]
    [InlineData("http-request use-backend api if { path_beg /api }", "/web", null)]
    [InlineData("http-request use-backend api if { path_beg /api }\nhttp-request use-backend web", "/api/x", "api")]
    [InlineData("http-request use-backend api if { path_beg /api }\nhttp-request use-backend web", "/x", "web")]
    [InlineData("http-request use-backend web\nhttp-request use-backend api", "/", "web")]
    [InlineData("use_backend static if { path_end .css }\nuse_backend web", "/a.css", "static")]
    [InlineData("http-request use-backend API", "/", "API")]
    public void UseBackend_TheFirstMatchingOneInTheScopeWins(string rules, string url, string? expected) =>
        Assert.Equal(expected, Backend(rules, new TestExchange(url: url)));

    [Theory]
    [InlineData("API.example.com:443", "api")]
    [InlineData("www.example.com", "web")]
    [InlineData("other.example.com", null)]
    public void UseBackend_FromAMap(string host, string? expected) =>
        Assert.Equal(expected, Backend("http-request use-backend %[req.hdr(host),lower,regsub(:.*,),map(hosts)]", new TestExchange(headers: ("Host", host))));

    [Fact]
    public void UseBackend_AnEmptyComputedNameChoosesNothingAndLetsALaterRuleChoose()
    {
        var rules = "http-request use-backend %[host,map(hosts)]\nhttp-request use-backend static";
        Assert.Equal("static", Backend(rules, new TestExchange(headers: ("Host", "unknown.example"))));
        Assert.Equal("api", Backend(rules, new TestExchange(headers: ("Host", "api.example.com"))));
    }

    [Fact]
    public void UseBackend_FromAMapWithADefault() =>
        Assert.Equal("static", Backend("http-request use-backend %[host,map(hosts,static)]", new TestExchange(headers: ("Host", "unknown.example"))));

    [Fact]
    public void UseBackend_ALaterScopeChoosesAgain()
    {
        var session = new RuleSession(new TestExchange());
        RuleHarness.Compile("http-request use-backend web\nhttp-request use-backend static").Run(RulePhase.HttpRequest, session);
        Assert.Equal("web", session.Backend);
        RuleHarness.Compile("http-request use-backend api\nhttp-request use-backend static", RuleScopeKind.Route).Run(RulePhase.HttpRequest, session);
        Assert.Equal("api", session.Backend);
    }

    [Fact]
    public void UseBackend_ARouteWithoutUseBackendKeepsTheListenersChoice()
    {
        var session = new RuleSession(new TestExchange());
        RuleHarness.Compile("http-request use-backend web").Run(RulePhase.HttpRequest, session);
        RuleHarness.Compile("http-request use-backend api if FALSE", RuleScopeKind.Route).Run(RulePhase.HttpRequest, session);
        Assert.Equal("web", session.Backend);
    }

    [Fact]
    public void SetVar_StoresTypedValuesThatVarReads()
    {
        var exchange = new TestExchange(url: "/x?user=alice", headers: ("Host", "Example.com"));
        var (outcome, session) = RuleHarness.Run("""
            http-request set-var(txn.user) url_param(user)
            http-request set-var(req.host) req.hdr(host),lower
            http-request set-var(sess.port) src_port
            http-request set-var(res.client) src
            http-request set-header X-User %[var(txn.user)]@%[var(req.host)]
            http-request deny deny_status 401 if { var(sess.port) -m int gt 1024 } { var(txn.user) alice } { var(res.client) -m ip 192.0.2.0/24 }
            """, exchange);

        Assert.Equal("alice@example.com", exchange.RequestHeaders["X-User"]);
        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(401, session.Response!.StatusCode);
        Assert.True(session.TryGetVariable("sess.port", out var port));
        Assert.Equal((SampleType.Number, 40000L), (port.Type, port.Number));
    }

    [Fact]
    public void SetVar_KeepsACopyWhenTheHeaderChangesLater()
    {
        var exchange = new TestExchange(headers: ("X-A", "before"));
        RuleHarness.Run("""
            http-request set-var(txn.a) req.hdr(x-a)
            http-request set-header X-A after
            http-request set-header X-Copy %[var(txn.a)]
            """, exchange);
        Assert.Equal("before", exchange.RequestHeaders["X-Copy"]);
    }

    [Fact]
    public void SetVar_WithoutAValue_LeavesTheVariableUnset()
    {
        var (_, session) = RuleHarness.Run("http-request set-var(txn.a) req.hdr(x-missing)\nhttp-request set-var(txn.b) req.hdr(x-missing),lower", new TestExchange());
        Assert.False(session.TryGetVariable("txn.a", out _));
        Assert.False(session.TryGetVariable("txn.b", out _));
        Assert.Empty(session.Variables);
    }

    [Theory]
    [InlineData("always_true", RuleOutcome.Respond)]
    [InlineData("always_true\nhttp-request set-var(txn.tier) always_false", RuleOutcome.Continue)]
    public void SetVar_TheLastValueIsSeenByLaterConditions(string values, RuleOutcome expected)
    {
        var (outcome, _) = RuleHarness.Run($"http-request set-var(txn.tier) {values}\nhttp-request deny if {{ var(txn.tier) -m bool }}", new TestExchange());
        Assert.Equal(expected, outcome);
    }

    [Fact]
    public void SetVar_InTheResponsePhase_ReadsTheResponse()
    {
        var exchange = new TestExchange { StatusCode = 503 };
        var (_, session) = RuleHarness.Run("http-response set-var(txn.status) status\nhttp-response set-header X-Status %[var(txn.status)]", exchange, RulePhase.HttpResponse);
        Assert.Equal("503", exchange.ResponseHeaders["X-Status"]);
        Assert.True(session.TryGetVariable("txn.status", out _));
    }
}
