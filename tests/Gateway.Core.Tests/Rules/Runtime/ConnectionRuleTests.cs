using System.Net;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Runtime;

/// <summary>tcp-request connection accept, reject and set-var.</summary>
public class ConnectionRuleTests
{
    private const string Rules = """
        acl trusted src 10.0.0.0/8 ::1
        tcp-request connection accept if trusted
        tcp-request connection accept if LOCALHOST
        tcp-request connection reject if { src 192.0.2.0/24 } || { dst_port 9999 }
        """;

    [Theory]
    [InlineData("10.1.2.3", 8080, RuleOutcome.Allow)]
    [InlineData("::1", 8080, RuleOutcome.Allow)]
    [InlineData("127.0.0.1", 9999, RuleOutcome.Allow)]
    [InlineData("192.0.2.10", 8080, RuleOutcome.Respond)]
    [InlineData("198.51.100.1", 9999, RuleOutcome.Respond)]
    [InlineData("198.51.100.1", 8080, RuleOutcome.Continue)]
    public void Connection_AcceptOrReject(string client, int port, RuleOutcome expected)
    {
        var exchange = new TestExchange { ClientAddress = IPAddress.Parse(client), LocalPort = port };
        var (outcome, session) = RuleHarness.Run(Rules, exchange, RulePhase.TcpConnection);
        Assert.Equal(expected, outcome);
        Assert.Equal(expected == RuleOutcome.Respond ? new RuleResponse(RuleResponseKind.Reject, 0) : null, session.Response);
    }

    [Fact]
    public void Connection_SetVarIsReadByHttpRules()
    {
        var rules = RuleHarness.Compile("""
            tcp-request connection set-var(sess.net) src,ipmask(24)
            http-request set-header X-Net %[var(sess.net)]
            http-request deny if { var(sess.net) -m ip 192.0.2.0 }
            """);
        var exchange = new TestExchange();
        var session = new RuleSession(exchange);
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.TcpConnection, session));
        Assert.Equal(RuleOutcome.Respond, rules.Run(RulePhase.HttpRequest, session));
        Assert.Equal("192.0.2.0", exchange.RequestHeaders["X-Net"]);
    }

    [Fact]
    public void Connection_RulesDoNotRunInHttpPhases()
    {
        var rules = RuleHarness.Compile("tcp-request connection reject");
        var session = new RuleSession(new TestExchange());
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, session));
        Assert.True(rules.HasConnectionRules);
        Assert.False(rules.HasRequestRules);
        Assert.Equal(RuleOutcome.Respond, rules.Run(RulePhase.TcpConnection, session));
    }
}
