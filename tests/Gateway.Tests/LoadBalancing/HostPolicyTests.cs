using System.Net.Http.Json;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.Tests.LoadBalancing;

/// <summary>
/// A load-balancing policy of the embedding host (set on a cluster by YARP's <see cref="IProxyConfigFilter"/>) reads the
/// request through the <see cref="HttpContext"/> it is given, on either HTTP path: the HTTP/1.1 core builds one from the
/// request head instead of passing none.
/// </summary>
public class HostPolicyTests
{
    [Fact]
    public async Task AHostsPolicy_ReadsTheRequestsHeaders_AndItsChoiceIsFollowed()
    {
        await using var b1 = await BackendServer.StartAsync("b1");
        await using var b2 = await BackendServer.StartAsync("b2");
        await using var host = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(b1, b2), services: s =>
        {
            s.AddSingleton<ILoadBalancingPolicy, PickByHeaderPolicy>();
            s.AddSingleton<IProxyConfigFilter, UsePickByHeader>();
        });

        foreach (var pick in new[] { "b2", "b1", "b2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/x?y=1"));
            request.Headers.Add("X-Pick", pick);
            using var response = await host.Client.SendAsync(request);
            var echo = await response.Content.ReadFromJsonAsync<EchoResponse>();

            Assert.Equal(pick, echo!.Backend);
        }
    }

    private sealed class PickByHeaderPolicy : ILoadBalancingPolicy
    {
        public const string PolicyName = "Tests.PickByHeader";

        public string Name => PolicyName;

        public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
        {
            // What a host's policy may read: the path and query, a header, the connection.
            Assert.Equal("/x", context.Request.Path.Value);
            Assert.Equal("?y=1", context.Request.QueryString.Value);
            Assert.NotNull(context.Connection.RemoteIpAddress);
            var wanted = context.Request.Headers["X-Pick"].ToString();
            return availableDestinations.FirstOrDefault(d => d.DestinationId == wanted);
        }
    }

    private sealed class UsePickByHeader : IProxyConfigFilter
    {
        public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
            new(cluster with { LoadBalancingPolicy = PickByHeaderPolicy.PolicyName });

        public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => new(route);
    }
}
