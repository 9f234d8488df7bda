using System.Net;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Tests.Tcp;
using Gateway.Tests.Http;

using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Forwarding;

public class DefaultClusterTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private GatewayConfig Config(string? rules = null) => new()
    {
        Listeners = [Listener() with { DefaultCluster = "b", Rules = rules }],
        Routes = [Route("a-only", "a", "/a/{**rest}")],
        Clusters = [Cluster("a", backends.A), Cluster("b", backends.B)],
    };

    [Fact]
    public async Task Requests_no_route_matches_go_to_the_listener_s_default_cluster()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());

        using var routed = await host.Client.GetAsync(host.Url("web", "/a/x"));
        using var unrouted = await host.Client.GetAsync(host.Url("web", "/elsewhere"));

        Assert.Equal("a", routed.Headers.GetValues("X-Backend").Single());
        Assert.Equal("b", unrouted.Headers.GetValues("X-Backend").Single());
    }

    [Fact]
    public async Task A_use_backend_still_wins_over_the_default_cluster()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("http-request use-backend a if { path_beg /to-a }"));

        using var chosen = await host.Client.GetAsync(host.Url("web", "/to-a"));
        using var fallback = await host.Client.GetAsync(host.Url("web", "/other"));

        Assert.Equal("a", chosen.Headers.GetValues("X-Backend").Single());
        Assert.Equal("b", fallback.Headers.GetValues("X-Backend").Single());
    }

    [Fact]
    public async Task Without_a_default_cluster_unrouted_requests_still_get_the_not_found_page()
    {
        await using var host = await GatewayTestHost.StartAsync(Config() with { Listeners = [Listener()] });

        using var response = await host.Client.GetAsync(host.Url("web", "/elsewhere"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Switching_a_listener_to_tcp_mode_applies_to_its_next_connection()
    {
        await using var echo = TcpTestServer.Start("echo");
        var http = Config();
        await using var host = await GatewayTestHost.StartAsync(http);
        using (var before = await host.Client.GetAsync(host.Url("web", "/elsewhere")))
        {
            Assert.Equal("b", before.Headers.GetValues("X-Backend").Single());
        }

        host.Source.Update(http with
        {
            Listeners = [http.Listeners[0] with { Mode = ListenerMode.Tcp, DefaultCluster = "db" }],
            Clusters = [.. http.Clusters, new() { Id = "db", Servers = [new() { Id = "e", Address = echo.Address }] }],
        });
        await Eventually.TrueAsync(() => host.Snapshot.Listener("web")!.Mode == ListenerMode.Tcp, "the new snapshot");

        await TcpModeTests.EchoOnceAsync(host, "web");
    }
}
