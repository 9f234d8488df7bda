using System.Net;
using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.Forwarding;

public class ProxyForwardingTests
{
    [Fact]
    public async Task Request_MatchingRoute_ReturnsBackendStatusHeadersAndBody()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend));

        using var response = await gateway.Client.PostAsync(gateway.Url("web", "/orders/7?status=418&x=1"), new StringContent("hello"));

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("b1", response.Headers.GetValues("X-Backend").Single());
        var echo = await response.Content.ReadFromJsonAsync<EchoResponse>();
        Assert.Equal(("b1", "POST", "/orders/7", "?status=418&x=1"), (echo!.Backend, echo.Method, echo.Path, echo.Query));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Routes_RankedAsRoutingRanksThem_ALiteralSegmentBeforeACatchAll_WhateverTheirOrder(bool specificFirst)
    {
        // Routing's precedence compares segment by segment: /broken/{**rest} (literal, then catch-all) beats /{**catch-all}
        // although its template is longer; then /items/{id} beats /items/{**rest}. Both paths must rank the same way.
        await using var general = await BackendServer.StartAsync("general");
        await using var specific = await BackendServer.StartAsync("specific");
        RouteConfig[] routes =
        [
            TestConfigs.Route("all", "general"),
            TestConfigs.Route("items-rest", "general", "/items/{**rest}"),
            TestConfigs.Route("broken", "specific", "/broken/{**rest}"),
            TestConfigs.Route("item", "specific", "/items/{id}"),
        ];
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = specificFirst ? [.. routes.Reverse()] : routes,
            Clusters =
            [
                new ClusterConfig { Id = "general", Servers = [new ServerConfig { Id = "g", Address = general.Url }] },
                new ClusterConfig { Id = "specific", Servers = [new ServerConfig { Id = "s", Address = specific.Url }] },
            ],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        async Task<string> BackendOf(string path) =>
            (await gateway.Client.GetFromJsonAsync<EchoResponse>(gateway.Url("web", path)))!.Backend;

        Assert.Equal("specific", await BackendOf("/broken/x"));
        Assert.Equal("specific", await BackendOf("/items/7"));
        Assert.Equal("general", await BackendOf("/items/7/lines"));
        Assert.Equal("general", await BackendOf("/other"));
    }

    [Fact]
    public async Task Request_ByDefault_AddsForwardedHeaders()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend));
        var url = gateway.Url("web", "/");

        var echo = await gateway.Client.GetFromJsonAsync<EchoResponse>(url);

        Assert.Equal("127.0.0.1", echo!.Headers["X-Forwarded-For"]);
        Assert.Equal("http", echo.Headers["X-Forwarded-Proto"]);
        Assert.Equal(url.Authority, echo.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task Request_NoMatchingRoute_Gets404PageNamingAdminUrl()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend) with { Routes = [TestConfigs.Route("api", "backend", "/api/{**rest}")] };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/elsewhere/<script>"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("no route matches this request", html, StringComparison.Ordinal);
        Assert.Contains(GatewayTestHost.AdminUrl, html, StringComparison.Ordinal);
        Assert.Contains("/elsewhere/%3Cscript%3E", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task Request_NoMatchingRouteAskingForJson_GetsProblemJson()
    {
        await using var gateway = await GatewayTestHost.StartAsync(new GatewayConfig { Listeners = [TestConfigs.Listener()] });
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", "/x"));
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("404", problem!["status"].ToString());
    }

    [Fact]
    public async Task Routes_MatchOnHostAndPath()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes =
            [
                new() { Id = "shop", Cluster = "a", Hosts = ["shop.example"] },
                new() { Id = "api", Cluster = "b", Hosts = ["api.example"], Path = "/v1/{**rest}" },
            ],
            Clusters = [TestConfigs.Cluster("a", a), TestConfigs.Cluster("b", b)],
        });

        Assert.Equal("a", await BackendFor(gateway, "shop.example", "/anything"));
        Assert.Equal("b", await BackendFor(gateway, "api.example", "/v1/users"));
        Assert.Null(await BackendFor(gateway, "api.example", "/v2/users"));
        Assert.Null(await BackendFor(gateway, "other.example", "/v1/users"));
    }

    [Fact]
    public async Task Cluster_RoundRobin_SpreadsRequestsAndSkipsDrainedServers()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var c = await BackendServer.StartAsync("c");
        var cluster = TestConfigs.Cluster("backend", a, b, c);
        cluster = cluster with { Servers = [cluster.Servers[0], cluster.Servers[1], cluster.Servers[2] with { State = ServerState.Drain }] };
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute() with { Clusters = [cluster] });

        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal((5, 5, 0), (a.Requests, b.Requests, c.Requests));
    }

    [Fact]
    public async Task Cluster_WithoutReadyServers_Answers503()
    {
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute());

        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Route_BoundToOneListener_AnswersOnlyThere()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [TestConfigs.Listener("public"), TestConfigs.Listener("internal")],
            Routes = [TestConfigs.Route("all", "backend") with { Listeners = ["internal"] }],
            Clusters = [TestConfigs.Cluster("backend", backend)],
        });

        using var onInternal = await gateway.Client.GetAsync(gateway.Url("internal", "/"));
        using var onPublic = await gateway.Client.GetAsync(gateway.Url("public", "/"));

        Assert.Equal(HttpStatusCode.OK, onInternal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
    }

    [Fact]
    public async Task Http2Listener_ServesH2cWithPriorKnowledge()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener() with { Protocols = ListenerProtocols.Http2 }] };
        await using var gateway = await GatewayTestHost.StartAsync(config);
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", "/h2")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    private static async Task<string?> BackendFor(GatewayTestHost gateway, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", path));
        request.Headers.Host = host;
        using var response = await gateway.Client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.NotFound ? null : response.Headers.GetValues("X-Backend").Single();
    }
}
