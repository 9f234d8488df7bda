using Gateway.RequestObservation;

namespace Gateway.Tests.RequestObservation;

public class RouteTrafficWindowTests
{
    [Fact]
    public void Sum_CountsRequestsAndServerErrors_AndP99IsTheBucketHoldingThe99thPercentile()
    {
        var window = new RouteTrafficWindow();
        for (var i = 0; i < 98; i++)
        {
            window.Record("orders", 200, TimeSpan.FromMilliseconds(4));
        }

        window.Record("orders", 503, TimeSpan.FromMilliseconds(4));
        window.Record("orders", 502, TimeSpan.FromMilliseconds(900));
        window.Record("other", 500, TimeSpan.FromMilliseconds(1));
        window.Record(null, 500, TimeSpan.FromMilliseconds(1));

        var orders = window.Sum("orders", window.Now - 5, window.Now);

        Assert.Equal((100L, 2L), (orders.Requests, orders.ServerErrors));
        Assert.Equal(0.02, orders.ServerErrorRate, 3);
        Assert.Equal(TimeSpan.FromMilliseconds(5), orders.P99);
        Assert.Equal(1, window.Sum("other", window.Now - 5, window.Now).Requests);
        Assert.Equal(default, window.Sum("unknown", window.Now - 5, window.Now));
    }

    [Fact]
    public void Sum_SecondsAfterTheRange_AreNotCounted_AndP99GrowsWithSlowRequests()
    {
        var window = new RouteTrafficWindow();
        var start = window.Now;
        window.Record("orders", 200, TimeSpan.FromMilliseconds(900));
        window.Record("orders", 200, TimeSpan.FromMilliseconds(40_000));

        var before = window.Sum("orders", start - 10, start - 1);
        var now = window.Sum("orders", start, window.Now);

        Assert.Equal(0, before.Requests);
        Assert.Null(before.P99);
        Assert.Equal(2, now.Requests);
        Assert.Equal(TimeSpan.FromMilliseconds(30_000), now.P99);
    }
}
