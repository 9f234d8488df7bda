using Gateway.Admin.Guard;
using Gateway.RequestObservation;

namespace Gateway.Admin.Tests.Guard;

public class GuardJudgeTests
{
    private static readonly GuardOptions Options = new();

    [Theory]
    [InlineData(100, 0, 40, 4, true)] // 10% new errors on 40 requests: exactly the threshold
    [InlineData(100, 0, 40, 3, false)] // 7.5%
    [InlineData(100, 50, 40, 24, true)] // 50% before, 60% after
    [InlineData(100, 50, 40, 23, false)] // 50% before, 57.5% after
    [InlineData(10, 0, 19, 19, false)] // fewer requests than the minimum: too few to say
    public void Degraded_ErrorRate(long beforeRequests, long beforeErrors, long sinceRequests, long sinceErrors, bool degraded)
    {
        var reason = GuardJudge.Degraded("r", new(beforeRequests, beforeErrors, TimeSpan.FromMilliseconds(10)), new(sinceRequests, sinceErrors, TimeSpan.FromMilliseconds(10)), Options);

        Assert.Equal(degraded, reason is not null);
        if (degraded)
        {
            Assert.StartsWith("route r: 5xx rate", reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(50, 300, true)] // 6x and +250 ms
    [InlineData(50, 200, false)] // 4x but only +150 ms
    [InlineData(500, 750, false)] // +250 ms but only 1.5x
    [InlineData(500, 1000, true)]
    public void Degraded_Latency(double beforeMs, double sinceMs, bool degraded)
    {
        var reason = GuardJudge.Degraded("r", new(100, 0, TimeSpan.FromMilliseconds(beforeMs)), new(40, 0, TimeSpan.FromMilliseconds(sinceMs)), Options);

        Assert.Equal(degraded, reason is not null);
        if (degraded)
        {
            Assert.StartsWith("route r: p99", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Degraded_Latency_NeedsABaseline()
    {
        Assert.Null(GuardJudge.Degraded("r", new(5, 0, TimeSpan.FromMilliseconds(5)), new(40, 0, TimeSpan.FromMilliseconds(2000)), Options));
    }
}
