using Gateway.Forwarding;
using Gateway.Http1.Pool;
using Gateway.Http1.Proxy;
using Gateway.Model;

namespace Gateway.Tests.Http1;

/// <summary>The request context's memo of lookups by name: found again by reference, never stale across snapshots, tables or pools.</summary>
public class RequestMemoTests
{
    private static GatewaySnapshot Snapshot(params string[] routes) => RoutesSnapshot.Of(routes);

    [Fact]
    public void ARouteRemovedAndAddedAgain_GetsTheTablesNewCounters_NotTheOldOnes()
    {
        var snapshots = new SnapshotHolder();
        var first = Snapshot("orders");
        snapshots.Publish(first);
        var table = new RouteTrafficTable(snapshots);
        var memo = new RequestMemo();
        var routeId = first.Config.Routes[0].Id;

        var before = memo.Route(table, first, routeId);
        Assert.Same(table.Get("orders"), before);
        Assert.Same(before, memo.Route(table, first, routeId));

        snapshots.Publish(Snapshot("other")); // the route leaves: its counters go
        var again = Snapshot("orders");
        snapshots.Publish(again);
        var after = memo.Route(table, again, again.Config.Routes[0].Id);

        Assert.NotSame(before, after);
        Assert.Same(table.Get("orders"), after);
    }

    [Fact]
    public void AnotherHostsTables_AreLookedUpInTheirOwn()
    {
        var snapshots = new SnapshotHolder();
        var snapshot = Snapshot("orders");
        snapshots.Publish(snapshot);
        var (one, two) = (new ClusterTrafficTable(snapshots), new ClusterTrafficTable(snapshots));
        var memo = new RequestMemo();

        Assert.Same(one.Get("api"), memo.Cluster(one, snapshot, "api"));
        Assert.Same(two.Get("api"), memo.Cluster(two, snapshot, "api"));
        Assert.NotSame(one.Get("api"), two.Get("api"));
    }

    [Fact]
    public async Task TheServersEndpointAndPool_AreThoseOfItsAddress_InTheGivenPools()
    {
        await using var pools = new ServerPools(TimeProvider.System);
        await using var others = new ServerPools(TimeProvider.System);
        var memo = new RequestMemo();

        var (endpoint, pool) = memo.Server(pools, "http://127.0.0.1:9/");
        var (second, secondPool) = memo.Server(pools, "http://127.0.0.1:10/");
        var (_, otherPool) = memo.Server(others, "http://127.0.0.1:10/");

        Assert.Equal(("127.0.0.1", 9), (endpoint.Host, endpoint.Port));
        Assert.Same(pools.For(endpoint.Key), pool);
        Assert.Equal(10, second.Port);
        Assert.Same(pools.For(second.Key), secondPool);
        Assert.Same(others.For(second.Key), otherPool);
        Assert.NotSame(secondPool, otherPool);
    }
}
