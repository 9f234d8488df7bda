using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Runtime;

public class RuleSmokeTests
{
    [Fact]
    public void Deny_by_path_prefix_with_a_named_acl()
    {
        const string rules = """
            acl admin path_beg /admin
            http-request deny deny_status 403 if admin
            """;
        var (outcome, session) = RuleHarness.Run(rules, new TestExchange(url: "/admin/users"));
        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(403, session.Response!.StatusCode);

        (outcome, _) = RuleHarness.Run(rules, new TestExchange(url: "/public"));
        Assert.Equal(RuleOutcome.Continue, outcome);
    }

    [Fact]
    public void Set_header_with_a_format_and_use_backend()
    {
        var exchange = new TestExchange(url: "/api/x?id=7", headers: ("Host", "Example.COM:8080"));
        var (_, session) = RuleHarness.Run("""
            http-request set-header X-Client %[src]:%[src_port]
            http-request set-header X-Host %[host]
            http-request use-backend api if { url_param(id) 7 }
            """, exchange);
        Assert.Equal("192.0.2.10:40000", exchange.RequestHeaders["X-Client"]);
        Assert.Equal("example.com", exchange.RequestHeaders["X-Host"]);
        Assert.Equal("api", session.Backend);
    }
}
