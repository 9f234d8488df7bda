using System.Net;
using Gateway.Checkpoints;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Tests.Common;

namespace Gateway.Tests.Checkpoints;

/// <summary>
/// The checkpoint queues on a manual clock. The counter is the length of a variable each test sets
/// (<c>var(txn.n),length</c>), so a test decides exactly when a waiting request fits.
/// </summary>
public class RateCheckpointsTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly RateCheckpoints _checkpoints;
    private readonly CompiledRules _rules;

    public RateCheckpointsTests()
    {
        _checkpoints = new RateCheckpoints(_clock) { RecheckInterval = TimeSpan.FromMilliseconds(20) };
        var config = new GatewayConfig
        {
            Listeners = [new ListenerConfig { Id = "web", Address = "127.0.0.1:0", Rules = "http-request rate-limit var(txn.n),length 1 queue 3 wait 1s" }],
        };
        var rules = DocumentRules.Compile(config, (scope, d) => throw new InvalidOperationException($"{scope}: {d}"));
        _rules = rules.Listener("web");
    }

    /// <summary>A request held at the checkpoint: its counter is 2, over the limit of 1, until <see cref="Fit"/>.</summary>
    private (RuleSession Session, CheckpointWait Wait) Held()
    {
        var session = new RuleSession(new MinimalExchange());
        session.SetVariable("txn.n", Sample.FromText("xx"));
        Assert.Equal(RuleOutcome.Wait, _rules.Run(RulePhase.HttpRequest, session));
        return (session, session.PendingWait!);
    }

    private static void Fit(RuleSession session) => session.SetVariable("txn.n", Sample.FromText("x"));

    [Fact]
    public async Task Waiting_IsAdmittedInOrderOnceTheHeadFits_AndOnlyTheHeadHoldsATimer()
    {
        var (s1, w1) = Held();
        var (s2, w2) = Held();
        var (s3, w3) = Held();
        var t1 = _checkpoints.WaitAsync(w1, default).AsTask();
        var t2 = _checkpoints.WaitAsync(w2, default).AsTask();
        var t3 = _checkpoints.WaitAsync(w3, default).AsTask();
        Assert.Equal(3, _checkpoints.Waiting);
        Assert.Equal(1, _clock.PendingTimers);

        // The second fits but the head does not: nobody overtakes the head.
        Fit(s2);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.False(t1.IsCompleted || t2.IsCompleted || t3.IsCompleted);
        Assert.Equal(1, _clock.PendingTimers);

        Fit(s1);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(CheckpointVerdict.Admitted, await t1);
        Assert.Equal(CheckpointVerdict.Admitted, await t2);
        Assert.False(t3.IsCompleted);
        Assert.Equal(1, _checkpoints.Waiting);

        Fit(s3);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(CheckpointVerdict.Admitted, await t3);
        Assert.Equal(0, _checkpoints.ActiveQueues);
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public async Task AFullQueue_RefusesAtOnce()
    {
        var waiting = Enumerable.Range(0, 3).Select(_ => _checkpoints.WaitAsync(Held().Wait, default).AsTask()).ToList();
        Assert.Equal(CheckpointVerdict.QueueFull, await _checkpoints.WaitAsync(Held().Wait, default));
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public async Task AWaitThatRunsOut_IsRefused_AndTheQueueIsDropped()
    {
        var (_, w1) = Held();
        var t1 = _checkpoints.WaitAsync(w1, default).AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        var (_, w2) = Held();
        var t2 = _checkpoints.WaitAsync(w2, default).AsTask();
        for (var i = 0; i < 25; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(CheckpointVerdict.TimedOut, await t1);
        Assert.False(t2.IsCompleted); // it came half a second later, so it has half a second left
        for (var i = 0; i < 30; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(CheckpointVerdict.TimedOut, await t2);
        Assert.Equal(0, _checkpoints.ActiveQueues);
    }

    [Fact]
    public async Task AClientThatLeaves_FreesItsPlace_AndTheNextTakesTheHeadTimer()
    {
        using var leaves = new CancellationTokenSource();
        var (_, w1) = Held();
        var (s2, w2) = Held();
        var (_, w3) = Held();
        var t1 = _checkpoints.WaitAsync(w1, leaves.Token).AsTask();
        var t2 = _checkpoints.WaitAsync(w2, default).AsTask();
        var t3 = _checkpoints.WaitAsync(w3, default).AsTask();
        Assert.Equal(CheckpointVerdict.QueueFull, await _checkpoints.WaitAsync(Held().Wait, default));

        await leaves.CancelAsync();
        Assert.Equal(CheckpointVerdict.Abandoned, await t1);
        Assert.Equal(2, _checkpoints.Waiting);
        Assert.Equal(1, _clock.PendingTimers);

        var t4 = _checkpoints.WaitAsync(Held().Wait, default).AsTask(); // the freed place is taken
        Assert.False(t4.IsCompleted);
        Fit(s2);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(CheckpointVerdict.Admitted, await t2);
        Assert.False(t3.IsCompleted);
    }

    [Fact]
    public async Task ACounterThatFitsAgainBeforeQueueing_GoesOnWithoutWaiting()
    {
        var (session, wait) = Held();
        Fit(session);
        Assert.Equal(CheckpointVerdict.Admitted, await _checkpoints.WaitAsync(wait, default));
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public async Task Runner_ResumesTheRulesAfterAnAdmission_AndRefusesWithRetryAfterWhenTheWaitRunsOut()
    {
        var session = new RuleSession(new MinimalExchange());
        session.SetVariable("txn.n", Sample.FromText("xx"));
        var run = CheckpointRunner.RunAsync(_rules, RulePhase.HttpRequest, session, _checkpoints, default).AsTask();
        Assert.False(run.IsCompleted);
        Fit(session);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(RuleOutcome.Continue, await run);

        var refused = new RuleSession(new MinimalExchange());
        refused.SetVariable("txn.n", Sample.FromText("xx"));
        var refusedRun = CheckpointRunner.RunAsync(_rules, RulePhase.HttpRequest, refused, _checkpoints, default).AsTask();
        for (var i = 0; i < 60 && !refusedRun.IsCompleted; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(RuleOutcome.Respond, await refusedRun);
        Assert.Equal(429, refused.Response!.StatusCode);
        Assert.Contains(new KeyValuePair<string, string>("Retry-After", "1"), refused.Response.Headers);
    }

    /// <summary>Rules here read only variables.</summary>
    private sealed class MinimalExchange : IRuleExchange
    {
        public IPAddress? ClientAddress => IPAddress.Loopback;

        public int ClientPort => 1234;

        public IPAddress? LocalAddress => IPAddress.Loopback;

        public int LocalPort => 80;

        public bool IsTls => false;

        public string? ServerName => null;

        public string Scheme => "http";

        public string HttpVersion => "1.1";

        public string Method { get; set; } = "GET";

        public string Path { get; set; } = "/";

        public ReadOnlyMemory<char> Query => default;

        public IRuleHeaders RequestHeaders => throw new NotSupportedException();

        public int StatusCode { get; set; }

        public IRuleHeaders ResponseHeaders => throw new NotSupportedException();

        public bool? ProxyClientUsedTls => null;

        public string? ServerAddress => null;

        public void SetQuery(string query) => throw new NotSupportedException();

        public void SetReasonPhrase(string reason) => throw new NotSupportedException();

        public string? ProxyTlv(int type) => null;
    }
}
