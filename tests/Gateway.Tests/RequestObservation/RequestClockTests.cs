using System.Diagnostics;
using Gateway.RequestObservation;
using Gateway.Tests.Common;

namespace Gateway.Tests.RequestObservation;

/// <summary>A request's wall-clock start, read from its monotonic timestamp with the system clock read once a second per thread.</summary>
public class RequestClockTests
{
    [Fact]
    public async Task TheSystemClock_IsFollowedWithinAMillisecond_AcrossRefreshes()
    {
        for (var i = 0; i < 6; i++)
        {
            var before = DateTimeOffset.UtcNow;
            var at = RequestClock.UtcAt(TimeProvider.System, Stopwatch.GetTimestamp());
            var after = DateTimeOffset.UtcNow;

            Assert.InRange(at, before - TimeSpan.FromMilliseconds(1), after + TimeSpan.FromMilliseconds(1));
            Assert.Equal(TimeSpan.Zero, at.Offset);
            await Task.Delay(400); // past the one-second refresh more than once
        }
    }

    [Fact]
    public void ATimestampFromBeforeTheCachedOne_StillGivesItsOwnTime()
    {
        var earlier = Stopwatch.GetTimestamp();
        Thread.Sleep(20);
        _ = RequestClock.UtcAt(TimeProvider.System, Stopwatch.GetTimestamp());

        var at = RequestClock.UtcAt(TimeProvider.System, earlier);

        Assert.InRange(at, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void ATestsOwnClock_IsAskedEveryTime()
    {
        var time = new ManualTimeProvider();

        Assert.Equal(time.GetUtcNow(), RequestClock.UtcAt(time, Stopwatch.GetTimestamp()));
        time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(time.GetUtcNow(), RequestClock.UtcAt(time, Stopwatch.GetTimestamp()));
    }
}
