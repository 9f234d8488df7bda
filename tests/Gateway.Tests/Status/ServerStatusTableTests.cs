using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Tests.Common;
using Gateway.Tests.LoadBalancing;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Status;

namespace Gateway.Tests.Status;

public class ServerStatusTableTests
{
    [Fact]
    public async Task GetCluster_ShowsConfigurationAndTraffic_OfEachServer()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var c = await BackendServer.StartAsync("c");
        await using var spare = await BackendServer.StartAsync("spare");
        var config = WeightedBalancingTests.Config(LoadBalancingNames.RoundRobin,
            WeightedBalancingTests.Server(a, weight: 2), WeightedBalancingTests.Server(b, state: ServerState.Drain),
            WeightedBalancingTests.Server(c, state: ServerState.Maintenance), WeightedBalancingTests.Server(spare, backup: true));
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var table = gateway.Services.GetRequiredService<IServerStatusTable>();

        var held = gateway.Client.GetAsync(gateway.Url("web", "/hold/one"));
        await a.Arrived("one");
        var cluster = table.GetCluster("BACKEND")!;
        a.Release("one");
        using var response = await held;

        Assert.Equal(("backend", "round-robin", null, 1), (cluster.Id, cluster.LoadBalancing, cluster.HealthCheck, cluster.AvailableServers));
        Assert.Equal(
            [
                new ServerStatus("a", a.Url, ServerState.Ready, 2, false, ServerHealth.NotChecked, 1, true),
                new ServerStatus("b", b.Url, ServerState.Drain, 1, false, ServerHealth.NotChecked, 0, false),
                new ServerStatus("c", c.Url, ServerState.Maintenance, 1, false, ServerHealth.NotChecked, 0, false),
                new ServerStatus("spare", spare.Url, ServerState.Ready, 1, true, ServerHealth.NotChecked, 0, false),
            ],
            cluster.Servers);
        await Eventually.TrueAsync(() => table.GetCluster("backend")!.Servers[0].RequestsInFlight == 0, "the finished request no longer in flight");
        Assert.Null(table.GetCluster("nope"));
        Assert.Equal(["backend"], table.GetClusters().Select(x => x.Id));
        Assert.Equal(ServerHealth.NotChecked, table.GetHealth("backend", "a"));
    }

    [Fact]
    public async Task DrainingServer_KeepsItsRequestsInFlightVisible_UntilTheyFinish()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var config = WeightedBalancingTests.Config(LoadBalancingNames.First, WeightedBalancingTests.Server(a), WeightedBalancingTests.Server(b));
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var table = gateway.Services.GetRequiredService<IServerStatusTable>();

        var held = gateway.Client.GetAsync(gateway.Url("web", "/hold/one"));
        await a.Arrived("one");
        gateway.Source.Update(WeightedBalancingTests.Config(LoadBalancingNames.First, WeightedBalancingTests.Server(a, state: ServerState.Drain), WeightedBalancingTests.Server(b)));
        var draining = table.GetCluster("backend")!.Servers[0];
        using var next = await gateway.Client.GetAsync(gateway.Url("web", "/next"));
        a.Release("one");
        using var finished = await held;

        Assert.Equal((ServerState.Drain, 1, false), (draining.State, draining.RequestsInFlight, draining.TakesNewTraffic));
        Assert.Equal("b", next.Headers.GetValues("X-Backend").Single());
        Assert.Equal("a:held", await finished.Content.ReadAsStringAsync());
    }
}
