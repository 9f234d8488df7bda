using System.Net;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;
using Gateway.Core.Tests.Rules;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.StickTables;

/// <summary>The <c>rate-limit</c> checkpoint as the rule runtime sees it: go on, wait (and resume after it), or refuse; and its bad forms.</summary>
public class RateLimitRuleTests
{
    private static readonly StickTableConfig PerIp = new() { Id = "per_ip", Type = StickKeyType.Address, Size = 1000, Expire = TimeSpan.FromSeconds(60), Store = ["http_req_rate(10s)", "conn_cur", "conn_rate(10s)"] };

    private readonly StepClock _clock = new();
    private readonly StickTableSet _tables;

    public RateLimitRuleTests()
    {
        _tables = new StickTableSet([new StickTable(StickTableSchema.TryCreate(PerIp, [])!, _clock)]);
    }

    private static CompiledRules Compile(string text)
    {
        var result = RuleCompiler.Compile(text, new RuleScope(RuleScopeKind.Listener, "test"), new RuleCompileContext([], ["api"], stickTables: [PerIp]));
        Assert.True(result.Rules is not null, string.Join("\n", result.Diagnostics));
        return result.Rules!;
    }

    private RuleSession Session(string client = "192.0.2.10") =>
        new(new TestExchange { ClientAddress = IPAddress.Parse(client) }) { StickTables = _tables };

    private const string Queued = """
        http-request track-sc0 src table per_ip
        http-request rate-limit sc_http_req_rate(0) 2 queue 10 wait 2s
        http-request set-var(txn.after) str(yes)
        """;

    [Fact]
    public void WithinTheLimit_GoesOn_OverIt_Waits_AndResumeRunsTheRulesAfterTheCheckpoint()
    {
        var rules = Compile(Queued);
        for (var i = 0; i < 2; i++)
        {
            var passing = Session();
            Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, passing));
            Assert.True(passing.TryGetVariable("txn.after", out _));
            passing.Tracking!.Release();
        }

        var held = Session();
        Assert.Equal(RuleOutcome.Wait, rules.Run(RulePhase.HttpRequest, held));
        Assert.False(held.TryGetVariable("txn.after", out _));
        var wait = Assert.IsType<CheckpointWait>(held.PendingWait);
        Assert.Equal((10, TimeSpan.FromSeconds(2)), (wait.MaxQueue, wait.MaxWait));
        Assert.NotNull(wait.Partition);
        Assert.False(wait.Fits());

        _clock.Advance(25_000); // two periods later the rate has gone down to nothing
        Assert.True(wait.Fits());
        Assert.Equal(RuleOutcome.Continue, rules.Resume(RulePhase.HttpRequest, held));
        Assert.True(held.TryGetVariable("txn.after", out _));
        Assert.Null(held.PendingWait);
    }

    [Fact]
    public void TwoClients_WaitInDifferentPartitions_OfTheSameCheckpoint()
    {
        var rules = Compile(Queued);
        CheckpointWait Held(string client)
        {
            for (var i = 0; i < 3; i++)
            {
                var session = Session(client);
                if (rules.Run(RulePhase.HttpRequest, session) == RuleOutcome.Wait)
                {
                    return session.PendingWait!;
                }
            }

            throw new InvalidOperationException("never held");
        }

        var a = Held("192.0.2.1");
        var b = Held("192.0.2.2");
        Assert.Same(a.Checkpoint, b.Checkpoint);
        Assert.NotEqual(a.Partition, b.Partition);
    }

    [Fact]
    public void WithoutAQueue_OverTheLimit_IsRefusedAtOnce_With429AndRetryAfter()
    {
        var rules = Compile("""
            http-request track-sc0 src table per_ip
            http-request rate-limit sc0_http_req_rate 1 status 503
            """);
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, Session()));
        var refused = Session();
        Assert.Equal(RuleOutcome.Respond, rules.Run(RulePhase.HttpRequest, refused));
        Assert.Equal(503, refused.Response!.StatusCode);
        Assert.Contains(new KeyValuePair<string, string>("Retry-After", "1"), refused.Response.Headers);
    }

    [Fact]
    public void Refuse_AfterAWait_AnswersTheStatusWithRetryAfterInWholeSeconds_OrClosesAConnection()
    {
        var rules = Compile(Queued);
        RuleSession held;
        do
        {
            held = Session();
        }
        while (rules.Run(RulePhase.HttpRequest, held) != RuleOutcome.Wait);

        held.PendingWait!.Refuse(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(429, held.Response!.StatusCode);
        Assert.Contains(new KeyValuePair<string, string>("Retry-After", "2"), held.Response.Headers);

        var connectionRules = Compile("""
            tcp-request connection track-sc0 src table per_ip
            tcp-request connection rate-limit sc_conn_rate(0) 0 queue 1 wait 1s
            """);
        var connection = Session("192.0.2.99");
        Assert.Equal(RuleOutcome.Wait, connectionRules.Run(RulePhase.TcpConnection, connection));
        connection.PendingWait!.Refuse(TimeSpan.FromSeconds(1));
        Assert.Equal(RuleResponseKind.Reject, connection.Response!.Kind);
    }

    [Fact]
    public void ACheckpointInsideAnIndexedRun_ResumesAtTheRuleAfterIt()
    {
        // Enough indexable rules before and after the checkpoint that the planner indexes them.
        var rules = Compile("""
            http-request track-sc0 src table per_ip
            http-request set-var(txn.a) str(1) if { path /a }
            http-request set-var(txn.b) str(1) if { path /b }
            http-request set-var(txn.c) str(1) if { path /c }
            http-request rate-limit sc_http_req_rate(0) 0 queue 5 wait 1s if { path / }
            http-request set-var(txn.d) str(1) if { path / }
            http-request set-var(txn.e) str(1) if { path /e }
            http-request set-var(txn.f) str(1) if { path / }
            """);
        var session = Session();
        Assert.Equal(RuleOutcome.Wait, rules.Run(RulePhase.HttpRequest, session));
        Assert.False(session.TryGetVariable("txn.d", out _));
        Assert.Equal(RuleOutcome.Continue, rules.Resume(RulePhase.HttpRequest, session));
        Assert.True(session.TryGetVariable("txn.d", out _));
        Assert.True(session.TryGetVariable("txn.f", out _));
        Assert.False(session.TryGetVariable("txn.e", out _));
    }

    public static TheoryData<string, string, int, int> BadRules => new()
    {
        { "http-request rate-limit sc_http_req_rat(0) 5", "sc_http_req_rat", 1, 25 },
        { "http-request rate-limit sc_http_req_rate(0) -5", "a whole number, 0 or more; found '-5'", 1, 45 },
        { "http-request rate-limit sc_http_req_rate(0) many", "found 'many'", 1, 45 },
        { "http-request rate-limit sc_http_req_rate(0) 5 queue 10", "A queue needs the longest wait", 1, 53 },
        { "http-request rate-limit sc_http_req_rate(0) 5 wait 2s", "give the queue too", 1, 52 },
        { "http-request rate-limit sc_http_req_rate(0) 5 queue 0 wait 2s", "1 or more; found '0'", 1, 53 },
        { "http-request rate-limit sc_http_req_rate(0) 5 queue 3 wait 10m", "at most 5 minutes", 1, 60 },
        { "http-request rate-limit sc_http_req_rate(0) 5 queue 3 wait soon", "'soon' is not a duration", 1, 60 },
        { "http-request rate-limit sc_http_req_rate(0) 5 status 404", "429 (too many requests) or 503", 1, 54 },
        { "http-request rate-limit req.hdr(x-user) 5", "compares a counter", 1, 25 },
        { "http-request rate-limit sc_http_req_rate(0)", "rate-limit", 1, 44 },
        { "tcp-request connection rate-limit sc_conn_rate(0) 5 status 429", "status is for http-request rules", 1, 60 },
        { "http-response rate-limit sc_http_req_rate(0) 5", "rate-limit", 1, 15 },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void BadRateLimit_IsRefusedAtItsLineAndColumn(string text, string message, int line, int column)
    {
        var result = RuleCompiler.Compile(text, new RuleScope(RuleScopeKind.Listener, "test"), new RuleCompileContext([], ["api"], stickTables: [PerIp]));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Validation_ReportsABadCheckpointWithThePathLineAndColumn()
    {
        var config = new GatewayConfig
        {
            Listeners = [new ListenerConfig { Id = "web", Address = "127.0.0.1:0", Rules = "http-request track-sc0 src table per_ip\nhttp-request rate-limit sc_http_req_rate(0) 5 queue 10" }],
            StickTables = [PerIp],
        };
        var error = Assert.Single(ConfigValidator.Validate(config, out _));
        Assert.Equal(("listeners[web].rules", 2, 53), (error.Path, error.Line, error.Column));
        Assert.Contains("queue <n> wait <duration>", error.Message, StringComparison.Ordinal);
    }
}
