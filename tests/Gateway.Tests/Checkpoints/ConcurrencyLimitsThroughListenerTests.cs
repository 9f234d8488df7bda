using System.Net;
using Gateway.Checkpoints;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Checkpoints;

/// <summary>Concurrency limits of a route and of a cluster through a real listener, with a backend that holds requests until told.</summary>
public class ConcurrencyLimitsThroughListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static ConcurrencyLimits Limits(GatewayTestHost host) => host.Services.GetRequiredService<ConcurrencyLimits>();

    [Fact]
    public async Task Route_OneAtATime_TheNextWaitsThenGoesThrough_AndOneMoreIsRefused503WithRetryAfter()
    {
        var config = new GatewayConfig
        {
            Listeners = [Listener()],
            Routes = [Route("all", "a") with { Concurrency = new() { MaxRequests = 1, MaxQueue = 1, QueueTimeout = TimeSpan.FromSeconds(7) } }],
            Clusters = [Cluster("a", backends.A)],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        var scope = ConcurrencyLimits.RouteScope("all");

        var first = host.Client.GetAsync(host.Url("web", "/hold/route-1"));
        await backends.A.Arrived("route-1");
        var second = host.Client.GetAsync(host.Url("web", "/hold/route-2"));
        await Eventually.TrueAsync(() => Limits(host).Queued(scope) == 1, "the second request waiting at the route");
        Assert.False(backends.A.Arrived("route-2").IsCompleted);

        using (var refused = await host.Client.GetAsync(host.Url("web", "/x")))
        {
            Assert.True(HttpStatusCode.ServiceUnavailable == refused.StatusCode, $"{refused.StatusCode} active {Limits(host).Active(scope)} queued {Limits(host).Queued(scope)} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        }

        backends.A.Release("route-1");
        using (var answered = await first)
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        await backends.A.Arrived("route-2"); // handed the place the first one gave back
        backends.A.Release("route-2");
        using (var answered = await second)
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        await Eventually.TrueAsync(() => Limits(host).Active(scope) == 0, "every place given back");
    }

    [Fact]
    public async Task Cluster_AWaitThatRunsOut_Is503_AndAClientThatLeavesFreesItsPlace()
    {
        var config = new GatewayConfig
        {
            // A listener rule, so requests take the rule pipeline's path too.
            Listeners = [Listener() with { Rules = "http-request set-header X-Through gateway" }],
            Routes = [Route("all", "b")],
            Clusters = [Cluster("b", backends.B) with { Concurrency = new() { MaxRequests = 1, MaxQueue = 1, QueueTimeout = TimeSpan.FromMilliseconds(300) } }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        var scope = ConcurrencyLimits.ClusterScope("b");

        var held = host.Client.GetAsync(host.Url("web", "/hold/cluster-1"));
        await backends.B.Arrived("cluster-1");
        using (var late = await host.Client.GetAsync(host.Url("web", "/x")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), late.Headers.RetryAfter?.Delta);
        }

        using var leaves = new CancellationTokenSource();
        using var client = new HttpClient();
        var abandoned = client.GetAsync(host.Url("web", "/x"), leaves.Token);
        await Eventually.TrueAsync(() => Limits(host).Queued(scope) == 1, "a request waiting at the cluster");
        await leaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Eventually.TrueAsync(() => Limits(host).Queued(scope) == 0, "its place freed");

        backends.B.Release("cluster-1");
        using (var answered = await held)
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        await Eventually.TrueAsync(() => Limits(host).Active(scope) == 0, "the place given back");
        using var after = await host.Client.GetAsync(host.Url("web", "/x"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
