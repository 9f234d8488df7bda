using System.Net;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;
using Gateway.Core.Tests.Rules;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.StickTables;

/// <summary>track-sc, the sc/src/table fetches and sc-inc-gpc0/sc-set-gpt0, compiled from text and run against live tables.</summary>
public class StickRuleTests
{
    private static readonly StickTableConfig PerIp = new() { Id = "per_ip", Type = StickKeyType.Address, Size = 1000, Expire = TimeSpan.FromSeconds(60), Store = ["http_req_rate(10s)", "conn_cur", "gpc0", "gpt0"] };
    private static readonly StickTableConfig PerKey = new() { Id = "per_key", Type = StickKeyType.Text, Size = 1000, Store = ["http_req_cnt"] };

    private readonly StepClock _clock = new();
    private readonly StickTableSet _tables;

    public StickRuleTests()
    {
        _tables = new StickTableSet([Table(PerIp), Table(PerKey)]);
    }

    private StickTable Table(StickTableConfig config) => new(StickTableSchema.TryCreate(config, [])!, _clock);

    private static CompiledRules Compile(string text)
    {
        var result = RuleCompiler.Compile(text, new RuleScope(RuleScopeKind.Listener, "test"), new RuleCompileContext([], ["api"], stickTables: [PerIp, PerKey]));
        Assert.True(result.Rules is not null, string.Join("\n", result.Diagnostics));
        return result.Rules!;
    }

    private RuleSession Request(CompiledRules rules, string client = "192.0.2.10", string? apiKey = null)
    {
        var exchange = new TestExchange { ClientAddress = IPAddress.Parse(client) };
        if (apiKey is not null)
        {
            exchange.RequestHeaders.AddValue("x-api-key", apiKey);
        }

        var session = new RuleSession(exchange) { StickTables = _tables };
        rules.Run(RulePhase.HttpRequest, session);
        session.Tracking?.Release();
        return session;
    }

    [Fact]
    public void DenyOverRate_LetsTheFirstFiveThroughInTenSeconds_ThenDecays()
    {
        var rules = Compile("""
            http-request track-sc0 src table per_ip
            http-request deny deny_status 429 if { sc_http_req_rate(0) gt 5 }
            """);
        var statuses = Enumerable.Range(0, 20).Select(_ => Request(rules).Response?.StatusCode ?? 200).ToList();
        Assert.Equal(5, statuses.Count(s => s == 200));
        Assert.Equal(15, statuses.Count(s => s == 429));
        Assert.Equal(200, Request(rules, "192.0.2.11").Response?.StatusCode ?? 200);

        _clock.Advance(20_001);
        Assert.Null(Request(rules).Response);
    }

    [Fact]
    public void Fetches_ReadTheTrackedEntry_OrZeroWhenNothingIsTracked()
    {
        var rules = Compile("""
            http-request set-var(txn.before) sc0_http_req_rate
            http-request set-var(txn.tracked_before) sc_tracked(0)
            http-request track-sc0 src table per_ip
            http-request track-sc1 req.hdr(x-api-key) table per_key
            http-request sc-inc-gpc0(0)
            http-request sc-set-gpt0(0) 7
            http-request set-var(txn.rate) sc_http_req_rate(0)
            http-request set-var(txn.gpc) sc0_get_gpc0
            http-request set-var(txn.gpt) sc_get_gpt0(0)
            http-request set-var(txn.cur) sc_conn_cur(0)
            http-request set-var(txn.keycount) sc1_http_req_cnt
            http-request set-var(txn.src) src_http_req_rate(per_ip)
            http-request set-var(txn.count) table_cnt(per_key)
            http-request set-var(txn.tracked) sc_tracked(1)
            """);
        Request(rules, apiKey: "k1");
        var session = Request(rules, apiKey: "k1");
        string Var(string name) => session.TryGetVariable(name, out var v) ? v.ToString() : "(none)";
        Assert.Equal("0", Var("txn.before"));
        Assert.Equal("0", Var("txn.tracked_before")); // booleans are 0 or 1 as values
        Assert.Equal("2", Var("txn.rate"));
        Assert.Equal("2", Var("txn.gpc"));
        Assert.Equal("7", Var("txn.gpt"));
        Assert.Equal("1", Var("txn.cur"));
        Assert.Equal("2", Var("txn.keycount"));
        Assert.Equal("2", Var("txn.src"));
        Assert.Equal("1", Var("txn.count"));
        Assert.Equal("1", Var("txn.tracked"));
    }

    [Fact]
    public void Fetch_OfATypeTheTableDoesNotStore_GivesNoValue()
    {
        var rules = Compile("""
            http-request track-sc0 src table per_ip
            http-request set-var(txn.err) sc_http_err_rate(0)
            """);
        Assert.False(Request(rules).TryGetVariable("txn.err", out _));
    }

    [Fact]
    public void TrackedTwice_TheFirstWins()
    {
        var rules = Compile("""
            http-request track-sc1 req.hdr(x-api-key) table per_key
            http-request track-sc1 req.hdr(x-other) table per_key
            """);
        Request(rules, apiKey: "k1");
        Assert.Equal(1, _tables.Find("per_key")!.Count);
    }

    [Fact]
    public void ConnectionTracking_IsInheritedByRequests_WhichCountOnIt()
    {
        var connectionRules = Compile("tcp-request connection track-sc0 src table per_ip");
        var connection = new RuleSession(new TestExchange()) { StickTables = _tables };
        connectionRules.Run(RulePhase.TcpConnection, connection);
        var requestRules = Compile("http-request deny deny_status 429 if { sc0_http_req_rate gt 2 }");
        var outcomes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var session = new RuleSession(new TestExchange()) { StickTables = _tables, Tracking = new StickTracking(connection.Tracking) };
            session.Tracking.CountRequestOnInherited();
            requestRules.Run(RulePhase.HttpRequest, session);
            session.Tracking.Release();
            outcomes.Add(session.Response?.StatusCode ?? 200);
        }

        Assert.Equal([200, 200, 429, 429], outcomes);
        Assert.Equal(1, _tables.Find("per_ip")!.Lookup(StickKey.FromAddress(IPAddress.Parse("192.0.2.10")), StickDataType.ConnCur));
        connection.Tracking!.Release();
        Assert.Equal(0, _tables.Find("per_ip")!.Lookup(StickKey.FromAddress(IPAddress.Parse("192.0.2.10")), StickDataType.ConnCur));
    }

    public static TheoryData<string, string, int, int> BadRules => new()
    {
        { "http-request track-sc0 src table nowhere", "There is no stick table 'nowhere'; known tables: 'per_ip', 'per_key'", 1, 34 },
        { "http-request track-sc0 src", "track-sc0 needs the table", 1, 14 },
        { "http-request track-sc3 src table per_ip", "track-sc3", 1, 14 },
        { "http-request track-sc0 dst_port table per_ip", "Table 'per_ip' is keyed by IP address, and dst_port gives an integer", 1, 24 },
        { "http-request deny if { sc_http_req_rate(3) gt 1 }", "sc_http_req_rate() names a tracked counter from 0 to 2; found '3'", 1, 24 },
        { "http-request deny if { src_http_req_rate(nowhere) gt 1 }", "There is no stick table 'nowhere'", 1, 24 },
        { "http-request deny if { src_http_req_rate(per_key) gt 1 }", "is not keyed by IP address", 1, 24 },
        { "http-request deny if { src_conn_rate(per_ip) gt 1 }", "Table 'per_ip' does not store conn_rate", 1, 24 },
        { "http-request sc-inc-gpc0(5)", "names a tracked counter from 0 to 2; found '5'", 1, 14 },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void BadRule_IsRefusedAtItsLineAndColumn(string text, string message, int line, int column)
    {
        var result = RuleCompiler.Compile(text, new RuleScope(RuleScopeKind.Listener, "test"), new RuleCompileContext([], ["api"], stickTables: [PerIp, PerKey]));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Validation_ReportsTableProblemsWithTheirPath_AndRuleProblemsWithLineAndColumn()
    {
        var config = new GatewayConfig
        {
            Listeners = [new ListenerConfig { Id = "web", Address = "127.0.0.1:0", Rules = "http-request track-sc0 src table per_ip\nhttp-request track-sc1 src table missing" }],
            StickTables = [PerIp with { Store = ["http_req_rate(0)", "bogus"] }],
        };
        var errors = ConfigValidator.Validate(config, out _);
        Assert.Contains(errors, e => e.Path == "stickTables[per_ip].store[0]" && e.Message.Contains("1ms to 24d", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "stickTables[per_ip].store[1]" && e.Message.Contains("'bogus' is not a stick-table data type", StringComparison.Ordinal));
        var rule = Assert.Single(errors, e => e.Path == "listeners[web].rules");
        Assert.Equal((2, 34), (rule.Line, rule.Column));
    }
}
