using System.Net;
using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http;

/// <summary>Each action through a real listener to real backends.</summary>
public class RuleActionsThroughListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private GatewayConfig Config(string? listenerRules = null, string? routeRules = null, string? clusterRules = null) => new()
    {
        Listeners = [Listener() with { Rules = listenerRules }],
        Routes = [Route("api", "a", "/api/{**rest}") with { Rules = routeRules }, Route("other", "a", "/other/{**rest}")],
        Clusters = [Cluster("a", backends.A) with { Rules = clusterRules }, Cluster("b", backends.B)],
    };

    [Fact]
    public async Task Deny_answers_with_the_chosen_status_and_body_and_never_reaches_the_backend()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(listenerRules: """
            acl private path_beg /api/private
            http-request deny deny_status 451 content-type text/plain string "not here" if private
            """));
        var before = backends.A.Requests;

        var denied = await host.Client.GetAsync(host.Url("web", "/api/private/x"));
        Assert.Equal((HttpStatusCode)451, denied.StatusCode);
        Assert.Equal("not here", await denied.Content.ReadAsStringAsync());
        Assert.Equal(before, backends.A.Requests);

        var allowed = await host.Client.GetAsync(host.Url("web", "/api/public"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Tarpit_holds_the_request_on_the_clock_then_answers_500()
    {
        var clock = new ManualTimeProvider();
        var config = Config(listenerRules: "http-request tarpit if { path_beg /api/slow }");
        config = config with { Listeners = [config.Listeners[0] with { TarpitTimeout = TimeSpan.FromSeconds(30) }] };
        await using var host = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(clock));

        var pending = host.Client.GetAsync(host.Url("web", "/api/slow"));
        await Eventually.TrueAsync(() => clock.HasTimerDueAt(clock.GetUtcNow() + TimeSpan.FromSeconds(30)), "the tarpit to wait on the clock");
        Assert.False(pending.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var response = await pending;
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Redirect_sends_location_with_code_and_keeps_or_drops_the_query()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(listenerRules: """
            http-request redirect prefix https://new.example code 301 if { path_beg /api/moved }
            http-request redirect scheme https drop-query if { path_beg /api/secure }
            http-request redirect location /other/%[url_param(to)] code 308 if { path_beg /api/go }
            """));

        var moved = await host.Client.GetAsync(host.Url("web", "/api/moved/x?a=1"));
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("https://new.example/api/moved/x?a=1", moved.Headers.Location!.ToString());

        var secure = await host.Client.GetAsync(host.Url("web", "/api/secure?a=1"));
        Assert.Equal(HttpStatusCode.Found, secure.StatusCode);
        Assert.Equal($"https://{host.Url("web").Authority}/api/secure", secure.Headers.Location!.ToString());

        var go = await host.Client.GetAsync(host.Url("web", "/api/go?to=there"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, go.StatusCode);
        Assert.Equal("/other/there", go.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Return_answers_with_status_headers_and_a_formatted_body()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(listenerRules: """
            http-request return status 200 content-type application/json lf-string "{\"method\":\"%[method]\"}" hdr X-From gateway if { path /api/ping }
            """));

        var response = await host.Client.PostAsync(host.Url("web", "/api/ping"), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("gateway", response.Headers.GetValues("X-From").Single());
        Assert.Equal("{\"method\":\"POST\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Header_and_path_rewrites_reach_the_backend()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(
            listenerRules: """
                http-request set-header X-Client %[src]
                http-request del-header X-Secret
                http-request replace-header X-Version ^v(\d+)$ version-\1
                """,
            routeRules: """
                http-request replace-path ^/api/(.*)$ /internal/\1
                http-request set-query debug=1&%[query]
                http-request add-header X-Route api
                """));

        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/api/users?id=7"));
        request.Headers.Add("X-Secret", "s3cret");
        request.Headers.Add("X-Version", "v2");
        var echo = await (await host.Client.SendAsync(request)).Content.ReadFromJsonAsync<EchoResponse>();

        Assert.Equal("/internal/users", echo!.Path);
        Assert.Equal("?debug=1&id=7", echo.Query);
        Assert.Equal("127.0.0.1", echo.Headers["X-Client"]);
        Assert.Equal("api", echo.Headers["X-Route"]);
        Assert.Equal("version-2", echo.Headers["X-Version"]);
        Assert.False(echo.Headers.ContainsKey("X-Secret"));
    }

    [Fact]
    public async Task Listener_set_path_runs_before_routing_and_decides_the_route()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(listenerRules: "http-request set-path /api%[path] if { path_beg /v1/ }"));

        var echo = await host.Client.GetFromJsonAsync<EchoResponse>(host.Url("web", "/v1/orders"));
        Assert.Equal("/api/v1/orders", echo!.Path);
    }

    [Fact]
    public async Task Use_backend_switches_cluster_from_a_route_and_routes_without_any_route_from_a_listener()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(
            listenerRules: "use_backend b if { path_beg /unrouted }",
            routeRules: "http-request use-backend b if { hdr(x-canary) -i yes }"));

        Assert.Equal("a", (await host.Client.GetFromJsonAsync<EchoResponse>(host.Url("web", "/api/x")))!.Backend);

        using var canary = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/api/x"));
        canary.Headers.Add("X-Canary", "YES");
        Assert.Equal("b", (await (await host.Client.SendAsync(canary)).Content.ReadFromJsonAsync<EchoResponse>())!.Backend);

        Assert.Equal("b", (await host.Client.GetFromJsonAsync<EchoResponse>(host.Url("web", "/unrouted/y")))!.Backend);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(host.Url("web", "/nowhere"))).StatusCode);
    }

    [Fact]
    public async Task Use_backend_from_a_map_sends_each_host_to_its_cluster()
    {
        var config = Config(listenerRules: "use_backend %[host,map(hosts,a)]") with
        {
            Maps = [new MapConfig { Id = "hosts", Entries = [new("b.example", "b")] }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);

        using var toB = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/anything"));
        toB.Headers.Host = "B.example:1234";
        Assert.Equal("b", (await (await host.Client.SendAsync(toB)).Content.ReadFromJsonAsync<EchoResponse>())!.Backend);
        Assert.Equal("a", (await host.Client.GetFromJsonAsync<EchoResponse>(host.Url("web", "/anything")))!.Backend);
    }

    [Fact]
    public async Task Response_rules_run_cluster_then_route_then_listener()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(
            listenerRules: "http-response add-header X-Order listener",
            routeRules: "http-response add-header X-Order route",
            clusterRules: """
                http-response add-header X-Order cluster
                http-response set-status 299 reason Fine if { status 200 }
                http-response del-header X-Backend
                """));

        var response = await host.Client.GetAsync(host.Url("web", "/api/x"));
        Assert.Equal((HttpStatusCode)299, response.StatusCode);
        Assert.Equal(["cluster", "route", "listener"], response.Headers.GetValues("X-Order"));
        Assert.False(response.Headers.Contains("X-Backend"));
    }

    [Fact]
    public async Task Response_deny_replaces_the_server_answer()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(routeRules: "http-response deny if { status 500 }"));

        var response = await host.Client.GetAsync(host.Url("web", "/api/x?status=500"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("\"backend\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewrite_location_turns_the_server_address_into_the_public_one()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(listenerRules: "http-response rewrite-location"));
        var serverLocation = Uri.EscapeDataString(backends.A.Url + "api/next");

        var response = await host.Client.GetAsync(host.Url("web", $"/api/x?location={serverLocation}"));
        Assert.Equal($"http://{host.Url("web").Authority}/api/next", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Cluster_rules_run_for_the_cluster_a_use_backend_chose()
    {
        var config = Config(routeRules: "http-request use-backend b") with
        {
            Clusters = [Cluster("a", backends.A), Cluster("b", backends.B) with { Rules = "http-request set-header X-Cluster b" }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);

        var echo = await host.Client.GetFromJsonAsync<EchoResponse>(host.Url("web", "/api/x"));
        Assert.Equal("b", echo!.Backend);
        Assert.Equal("b", echo.Headers["X-Cluster"]);
    }

    [Fact]
    public async Task A_format_that_would_inject_a_line_break_is_refused_with_500()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(listenerRules: "http-request set-header X-Name %[url_param(name),url_dec]"));
        var before = backends.A.Requests;

        var response = await host.Client.GetAsync(host.Url("web", "/api/x?name=a%0d%0aX-Evil:%201"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(before, backends.A.Requests);
    }

    [Fact]
    public async Task Listener_rules_change_live_without_touching_the_listener()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());
        var url = host.Url("web", "/api/x");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(url)).StatusCode);

        host.Source.Update(Config(listenerRules: "http-request deny if { path_beg /api }"));
        await Eventually.TrueAsync(() => host.Snapshot.Config.Listeners[0].Rules is not null, "the new rules to be applied");

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.GetAsync(url)).StatusCode);
        Assert.Equal(url.Port, host.Url("web").Port);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Name == "ListenersNeedRestart");
    }
}
