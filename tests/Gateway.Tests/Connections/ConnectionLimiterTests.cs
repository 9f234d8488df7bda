using Gateway.Connections;

namespace Gateway.Tests.Connections;

public class ConnectionLimiterTests
{
    [Fact]
    public async Task A_waiter_that_leaves_gives_nothing_back_and_the_next_one_gets_the_slot()
    {
        var limiter = new ConnectionLimiter();
        Assert.True(await limiter.EnterAsync(1, CancellationToken.None));

        using var leaves = new CancellationTokenSource();
        var leaving = limiter.EnterAsync(1, leaves.Token).AsTask();
        var staying = limiter.EnterAsync(1, CancellationToken.None).AsTask();
        Assert.Equal(2, limiter.Waiting);

        await leaves.CancelAsync();
        Assert.False(await leaving);
        Assert.Equal(1, limiter.Waiting);

        limiter.Exit();
        Assert.True(await staying);
        Assert.Equal(1, limiter.Active);
        limiter.Exit();
        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public async Task Past_the_waiting_bound_a_connection_is_refused_at_once_and_counted()
    {
        var limiter = new ConnectionLimiter(maxWaiting: 2);
        Assert.True(await limiter.EnterAsync(1, CancellationToken.None));
        var first = limiter.EnterAsync(1, CancellationToken.None).AsTask();
        var second = limiter.EnterAsync(1, CancellationToken.None).AsTask();

        Assert.False(await limiter.EnterAsync(1, CancellationToken.None));
        Assert.Equal(1, limiter.Refused);
        Assert.Equal(2, limiter.Waiting);

        limiter.Exit();
        Assert.True(await first);
        Assert.False(second.IsCompleted);
        limiter.Exit();
        Assert.True(await second);
    }

    [Fact]
    public async Task Without_a_limit_nobody_waits()
    {
        var limiter = new ConnectionLimiter();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(await limiter.EnterAsync(null, CancellationToken.None));
        }

        Assert.Equal(100, limiter.Active);
    }
}
