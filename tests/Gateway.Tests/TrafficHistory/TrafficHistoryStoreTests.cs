using Gateway.Model;
using Gateway.Tests.Common;
using Gateway.TrafficHistory;

namespace Gateway.Tests.TrafficHistory;

public class TrafficHistoryStoreTests
{
    private static GatewaySnapshot Snapshot(params string[] routes) => RoutesSnapshot.Of(routes);

    [Fact]
    public void Record_CountsRequestsAndServerErrorsPerTenSeconds_WithPercentilesFromTheLatencyBuckets()
    {
        var time = new ManualTimeProvider();
        var snapshots = new SnapshotHolder();
        snapshots.Publish(Snapshot("orders"));
        var store = new TrafficHistoryStore(snapshots, time);
        for (var i = 1; i <= 100; i++)
        {
            store.Record("orders", "api", "a", i == 100 ? 502 : 200, TimeSpan.FromMilliseconds(i <= 98 ? 3 : 4_000));
        }

        time.Advance(TimeSpan.FromSeconds(10));
        store.Record("orders", "api", "a", 200, TimeSpan.FromMilliseconds(1));

        var series = store.Route("orders");
        Assert.Equal(90, series.Points.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), series.Step);
        var (before, last) = (series.Points[^2], series.Points[^1]);
        Assert.Equal(100, before.Requests);
        Assert.Equal(1, before.ServerErrors);
        Assert.InRange(before.P50Milliseconds!.Value, 2, 5); // 98 of 100 in the 2-5 ms bucket
        Assert.InRange(before.P99Milliseconds!.Value, 2_000, 5_000);
        Assert.Equal(1, last.Requests);
        Assert.All(series.Points.SkipLast(2), p => Assert.Equal(TrafficPoint.Empty, p));
        Assert.Equal(101, store.Cluster("api").Points.Sum(p => p.Requests));
        Assert.Equal(101, store.Server("api", "a").Points.Sum(p => p.Requests));
    }

    [Fact]
    public void Record_ForgetsBucketsOlderThanFifteenMinutes()
    {
        var time = new ManualTimeProvider();
        var snapshots = new SnapshotHolder();
        snapshots.Publish(Snapshot("orders"));
        var store = new TrafficHistoryStore(snapshots, time);
        store.Record("orders", "api", "a", 200, TimeSpan.FromMilliseconds(1));
        time.Advance(TimeSpan.FromMinutes(15));
        store.Record("orders", "api", "a", 200, TimeSpan.FromMilliseconds(1));

        // The slot of the first request was reused 15 minutes later: one request in the window, not two.
        Assert.Equal(1, store.Route("orders").Points.Sum(p => p.Requests));
    }

    [Fact]
    public void Record_KeepsOnlyIdsOfTheConfigurationInForce_AndDropsThoseThatLeaveIt()
    {
        var time = new ManualTimeProvider();
        var snapshots = new SnapshotHolder();
        snapshots.Publish(Snapshot("orders", "old"));
        var store = new TrafficHistoryStore(snapshots, time);
        store.Record("old", "api", "a", 200, TimeSpan.FromMilliseconds(1));
        store.Record("made-up", "nope", "x", 200, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, store.Route("old").Points.Sum(p => p.Requests));
        Assert.Equal(0, store.Route("made-up").Points.Sum(p => p.Requests));
        Assert.Equal(0, store.Cluster("nope").Points.Sum(p => p.Requests));

        snapshots.Publish(Snapshot("orders"));
        Assert.Equal(0, store.Route("old").Points.Sum(p => p.Requests));
        snapshots.Publish(Snapshot("orders", "old"));
        Assert.Equal(0, store.Route("old").Points.Sum(p => p.Requests));
    }
}
