using Gateway.Http1.Proxy;
using Gateway.Tests.Common;

namespace Gateway.Tests.Http1;

/// <summary>
/// The HTTP/1.1 core's activity timeout for server reads: one source per connection, a timer that looks at most a second
/// apart, the deadline counted from each read's start, and nothing held once the connection idles.
/// </summary>
public class ActivityTimerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly CancellationTokenSource _client = new();
    private ActivityTimer? _slot;

    private readonly Owner _owner = new();

    private List<ActivityTimer> ReleasedTimers => _owner.Released;

    private ActivityTimer Begin(TimeSpan timeout) => ActivityTimer.Begin(ref _slot, _owner, _time, timeout, _client.Token);

    private sealed class Owner : ActivityTimer.IOwner
    {
        public List<ActivityTimer> Released { get; } = [];

        void ActivityTimer.IOwner.Released(ActivityTimer timer) => Released.Add(timer);
    }

    private void Step(TimeSpan by, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _time.Advance(by);
        }
    }

    [Fact]
    public void NothingRead_IsCancelledWhenTheTimeoutPasses_NotBefore()
    {
        var timer = Begin(TimeSpan.FromSeconds(5));

        Step(TimeSpan.FromMilliseconds(500), 9);
        Assert.False(timer.Token.IsCancellationRequested, "4.5 s of 5");
        Step(TimeSpan.FromMilliseconds(500), 1);

        Assert.True(timer.Token.IsCancellationRequested);
        Assert.False(_client.IsCancellationRequested);
    }

    [Fact]
    public void EachRead_CountsTheTimeoutFromItsStart()
    {
        var timer = Begin(TimeSpan.FromSeconds(3));
        Step(TimeSpan.FromSeconds(1), 2);
        timer.Touch();

        Step(TimeSpan.FromSeconds(1), 2);
        Assert.False(timer.Token.IsCancellationRequested, "2 s since the last read");
        Step(TimeSpan.FromSeconds(1), 1);

        Assert.True(timer.Token.IsCancellationRequested);
    }

    [Fact]
    public void ATimeoutUnderASecond_IsExact()
    {
        var timer = Begin(TimeSpan.FromMilliseconds(300));

        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(timer.Token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(timer.Token.IsCancellationRequested);
    }

    [Fact]
    public void AShorterTimeoutOnTheNextExchange_MovesTheArmedTimer()
    {
        var first = Begin(TimeSpan.FromSeconds(30));
        first.End();
        var second = Begin(TimeSpan.FromMilliseconds(200));

        Assert.Same(first, second);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(second.Token.IsCancellationRequested);
    }

    [Fact]
    public void TheClientGoing_CancelsAtOnce()
    {
        var timer = Begin(TimeSpan.FromSeconds(30));

        _client.Cancel();

        Assert.True(timer.Token.IsCancellationRequested);
    }

    [Fact]
    public void AClientGoneAlready_GivesACancelledToken()
    {
        _client.Cancel();

        Assert.True(Begin(TimeSpan.FromSeconds(30)).Token.IsCancellationRequested);
    }

    [Fact]
    public void ExchangesInARow_ShareOneTimer_WithoutReArming()
    {
        var first = Begin(TimeSpan.FromSeconds(30));
        first.End();
        var second = Begin(TimeSpan.FromSeconds(30));
        second.End();

        Assert.Same(first, second);
        Assert.Equal(1, _time.PendingTimers);
    }

    [Fact]
    public void AnIdleConnection_LetsGoOfItsTimerWithinASecond_AndTheNextExchangeGetsANewOne()
    {
        var first = Begin(TimeSpan.FromSeconds(30));
        first.End();

        _time.Advance(ActivityTimer.MaxWait);
        Assert.Equal(0, _time.PendingTimers);
        Assert.Equal([first], ReleasedTimers); // the connection is told, so it drops its reference

        var next = Begin(TimeSpan.FromSeconds(30));
        Assert.NotSame(first, next);
        Assert.False(next.Token.IsCancellationRequested);
        Assert.Equal(1, _time.PendingTimers);

        // The first one no longer listens to the client.
        _client.Cancel();
        Assert.False(first.Token.IsCancellationRequested);
        Assert.True(next.Token.IsCancellationRequested);
    }

    [Fact]
    public void AfterATimeout_TheNextExchangeGetsAFreshToken()
    {
        var timedOut = Begin(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(timedOut.Token.IsCancellationRequested);
        Assert.Equal([timedOut], ReleasedTimers);
        timedOut.End();

        var next = Begin(TimeSpan.FromSeconds(1));

        Assert.NotSame(timedOut, next);
        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public void ALongExchange_StaysUncancelledWhileReadsKeepComing()
    {
        var timer = Begin(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1500));
            timer.Touch();
        }

        Assert.False(timer.Token.IsCancellationRequested);
        Assert.Equal(1, _time.PendingTimers);
        Assert.Empty(ReleasedTimers);
    }

    [Fact]
    public void Dispose_LetsGoOfTheTimerAndTheClient()
    {
        var timer = Begin(TimeSpan.FromSeconds(30));

        timer.Dispose();
        _client.Cancel();

        Assert.Equal(0, _time.PendingTimers);
        Assert.False(timer.Token.IsCancellationRequested);
    }
}
