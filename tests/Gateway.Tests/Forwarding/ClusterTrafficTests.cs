using System.Net;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

using Microsoft.Extensions.DependencyInjection;
using Gateway.Forwarding;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Forwarding;

/// <summary>Requests are counted under the cluster they were sent to, through real listeners to real backends.</summary>
public class ClusterTrafficTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private GatewayConfig Config(string? routeRules = null) => new()
    {
        Listeners = [Listener()],
        Routes = [Route("orders", "a", "/orders/{**rest}") with { Rules = routeRules }],
        Clusters = [Cluster("a", backends.A), Cluster("b", backends.B)],
    };

    [Fact]
    public async Task UseBackend_CountsTheRequestUnderTheClusterItChose_AndUnderItsRoute()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("http-request use-backend b if { path_beg /orders/to-b }"));

        await GetFromAsync(host, "/orders/to-b/1", "b");
        await GetFromAsync(host, "/orders/to-b/2", "b");
        await GetFromAsync(host, "/orders/stay", "a");

        var clusters = host.Services.GetRequiredService<ClusterTrafficTable>();
        Assert.Equal(2, clusters.Get("b").Requests);
        Assert.Equal(1, clusters.Get("a").Requests);
        Assert.Equal(3, host.Services.GetRequiredService<RouteTrafficTable>().Get("orders").Requests);
    }

    [Fact]
    public async Task ListenerUseBackend_OnAnUnroutedRequest_CountsUnderTheChosenCluster_NotTheCatchAllsPlaceholder()
    {
        // The listener's catch-all route is given cluster "a" (its first fixed target) until a rule reassigns it.
        var config = Config() with { Listeners = [Listener() with { Rules = "use_backend a if { path_beg /to-a }\nuse_backend b if { path_beg /to-b }" }] };
        await using var host = await GatewayTestHost.StartAsync(config);

        await GetFromAsync(host, "/to-b/x", "b");

        var clusters = host.Services.GetRequiredService<ClusterTrafficTable>();
        Assert.Equal(1, clusters.Get("b").Requests);
        Assert.Equal(0, clusters.Get("a").Requests);
    }

    [Fact]
    public async Task ListenerDefaultCluster_CountsTheRequestsNoRouteMatched()
    {
        var config = Config() with { Listeners = [Listener() with { DefaultCluster = "b" }] };
        await using var host = await GatewayTestHost.StartAsync(config);

        await GetFromAsync(host, "/elsewhere/1", "b");
        await GetFromAsync(host, "/elsewhere/2", "b");
        await GetFromAsync(host, "/orders/1", "a");

        var clusters = host.Services.GetRequiredService<ClusterTrafficTable>();
        Assert.Equal(2, clusters.Get("b").Requests);
        Assert.Equal(1, clusters.Get("a").Requests);
    }

    [Fact]
    public async Task ServerErrors_AreCountedUnderTheClusterThatAnswered()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("http-request use-backend b"));

        using var response = await host.Client.GetAsync(host.Url("web", "/orders/x?status=503"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var clusters = host.Services.GetRequiredService<ClusterTrafficTable>();
        // The response is counted once the forwarder has finished, which may be just after the client has it.
        await Eventually.TrueAsync(() => clusters.Get("b").ServerErrors == 1, "b's 5xx counted");
        Assert.Equal(0, clusters.Get("a").ServerErrors);
    }

    [Fact]
    public async Task ARequestTheRouteRulesAnswer_CountsForTheRouteOnly()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("http-request deny deny_status 503"));

        using var response = await host.Client.GetAsync(host.Url("web", "/orders/x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var route = host.Services.GetRequiredService<RouteTrafficTable>().Get("orders");
        await Eventually.TrueAsync(() => route.ServerErrors == 1, "the route's 5xx counted");
        Assert.Equal(1, route.Requests);
        Assert.Equal(0, host.Services.GetRequiredService<ClusterTrafficTable>().Get("a").Requests);
    }

    [Fact]
    public async Task Counters_KeyedByClusterId_SurviveASwap_AndARemovedClusterLosesThem()
    {
        var first = Config("http-request use-backend b");
        await using var host = await GatewayTestHost.StartAsync(first);
        var clusters = host.Services.GetRequiredService<ClusterTrafficTable>();
        await GetFromAsync(host, "/orders/x", "b");

        host.Source.Update(first with { Clusters = [first.Clusters[0], first.Clusters[1] with { LoadBalancing = "random" }] });
        var afterEdit = clusters.Get("b").Requests;
        host.Source.Update(first with { Routes = [], Clusters = [first.Clusters[0]] });

        Assert.Equal(1, afterEdit);
        Assert.DoesNotContain(clusters.All, entry => entry.Key == "b");
    }

    private static async Task GetFromAsync(GatewayTestHost host, string path, string backend)
    {
        using var response = await host.Client.GetAsync(host.Url("web", path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(backend, response.Headers.GetValues("X-Backend").Single());
    }
}
