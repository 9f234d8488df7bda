using System.Net;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.LoadBalancing;

public class WeightedBalancingTests
{
    [Fact]
    public async Task RoundRobin_Weights3To1_GivesExactShares()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(Config(LoadBalancingNames.RoundRobin, Server(a, weight: 3), Server(b, weight: 1)));

        var served = await SendAsync(gateway, 40);

        Assert.Equal((30, 10), (served["a"], served["b"]));
        // Interleaved, not in bursts: b never waits more than three requests.
        Assert.DoesNotContain("aaaa", string.Concat(served.Order), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LoadBalancingNames.RoundRobin)]
    [InlineData(LoadBalancingNames.Random)]
    [InlineData(LoadBalancingNames.LeastRequests)]
    [InlineData(LoadBalancingNames.PowerOfTwoChoices)]
    [InlineData(LoadBalancingNames.First)]
    public async Task EveryAlgorithm_WeightZero_GetsNothing(string algorithm)
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(Config(algorithm, Server(a, weight: 0), Server(b, weight: 1)));

        var served = await SendAsync(gateway, 20);

        Assert.Equal(20, served["b"]);
        Assert.Equal(0, a.Requests);
    }

    [Fact]
    public async Task Random_Weights9To1_FavoursTheHeavierServer()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(Config(LoadBalancingNames.Random, Server(a, weight: 9), Server(b, weight: 1)));

        var served = await SendAsync(gateway, 200);

        // Expected 180:20; below 140 for a has a probability far under one in a billion.
        Assert.InRange(served["a"], 140, 200);
    }

    [Fact]
    public async Task LeastRequests_CountsRequestsInFlightPerWeight()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(Config(LoadBalancingNames.LeastRequests, Server(a, weight: 5), Server(b, weight: 2)));

        // Load of the next request, (in flight + 1) / weight: a 1/5 < b 1/2, then a 2/5 < 1/2,
        // then a 3/5 > 1/2. Unweighted, the second request would already have gone to b.
        var first = gateway.Client.GetAsync(gateway.Url("web", "/hold/one"));
        await a.Arrived("one");
        var second = gateway.Client.GetAsync(gateway.Url("web", "/hold/two"));
        await a.Arrived("two");
        using var third = await gateway.Client.GetAsync(gateway.Url("web", "/third"));

        Assert.Equal("b", third.Headers.GetValues("X-Backend").Single());
        a.Release("one");
        a.Release("two");
        foreach (var response in await Task.WhenAll(first, second))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }

    [Fact]
    public async Task Backup_ServesOnlyWhileThePrimariesCannot_AndIsReleasedWhenOneReturns()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var spare = await BackendServer.StartAsync("spare");
        var config = Config(LoadBalancingNames.RoundRobin, Server(a), Server(b), Server(spare, backup: true));
        await using var gateway = await GatewayTestHost.StartAsync(config);

        var normal = await SendAsync(gateway, 10);
        gateway.Source.Update(WithStates(config, ("a", ServerState.Maintenance), ("b", ServerState.Drain)));
        var primariesOut = await SendAsync(gateway, 6);
        gateway.Source.Update(WithStates(config, ("a", ServerState.Maintenance), ("b", ServerState.Ready)));
        var oneBack = await SendAsync(gateway, 6);

        Assert.Equal((5, 5, 0), (normal["a"], normal["b"], normal["spare"]));
        Assert.Equal(6, primariesOut["spare"]);
        Assert.Equal(6, oneBack["b"]);
    }

    [Fact]
    public async Task Backup_WithWeightZeroPrimaries_TakesTheTraffic()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var spare = await BackendServer.StartAsync("spare");
        await using var gateway = await GatewayTestHost.StartAsync(Config(LoadBalancingNames.RoundRobin, Server(a, weight: 0), Server(spare, backup: true)));

        var served = await SendAsync(gateway, 4);

        Assert.Equal(4, served["spare"]);
    }

    [Fact]
    public async Task NoServerCanTakeTraffic_Gets503()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(Config(LoadBalancingNames.RoundRobin, Server(a, weight: 0), Server(b, state: ServerState.Drain)));

        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal((0, 0), (a.Requests, b.Requests));
    }

    internal static ServerConfig Server(BackendServer backend, int weight = 1, bool backup = false, ServerState state = ServerState.Ready) =>
        new() { Id = backend.Name, Address = backend.Url, Weight = weight, Backup = backup, State = state };

    internal static GatewayConfig Config(string algorithm, params ServerConfig[] servers) => new()
    {
        Listeners = [TestConfigs.Listener()],
        Routes = [TestConfigs.Route("all", "backend")],
        Clusters = [new ClusterConfig { Id = "backend", LoadBalancing = algorithm, Servers = servers }],
    };

    private static GatewayConfig WithStates(GatewayConfig config, params (string Server, ServerState State)[] states)
    {
        var cluster = config.Clusters[0];
        var servers = cluster.Servers.Select(s => states.FirstOrDefault(x => x.Server == s.Id) is { Server: not null } change ? s with { State = change.State } : s).ToList();
        return config with { Clusters = [cluster with { Servers = servers }] };
    }

    /// <summary>Sends requests one after another; counts who served them, in order.</summary>
    internal static async Task<Served> SendAsync(GatewayTestHost gateway, int count)
    {
        var served = new Served();
        for (var i = 0; i < count; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", $"/r{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served.Add(response.Headers.GetValues("X-Backend").Single());
        }

        return served;
    }

    internal sealed class Served
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];

        public int this[string backend] => _counts.GetValueOrDefault(backend);

        public void Add(string backend)
        {
            Order.Add(backend);
            _counts[backend] = this[backend] + 1;
        }
    }
}
