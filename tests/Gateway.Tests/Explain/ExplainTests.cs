using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Runtime;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Explain;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Explain;

public class ExplainTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private GatewayConfig RoutedConfig() => new()
    {
        Listeners = [Listener() with { Rules = """
            acl legacy path_beg /v1/
            http-request set-path %[path,regsub(^/v1/,/api/)] if legacy
            http-request set-header X-Seen listener
            http-request deny deny_status 429 if { hdr(x-abuse) -m found }
            """ }],
        Routes =
        [
            Route("api", "a", "/api/{**rest}") with { Rules = "http-request set-header X-Route api" },
            Route("api-users", "a", "/api/users/{id}") with { Rules = "http-request set-header X-Route api-users" },
            Route("api-b", "b", "/api/{**rest}") with { Hosts = ["b.example"], Rules = "http-request set-header X-Route api-b" },
            Route("posts", "b", "/posts/{**rest}") with { Methods = ["POST"], Rules = "http-request set-header X-Route posts" },
            Route("fallback", "a", "/{**rest}") with { Order = 10, Rules = "http-request set-header X-Route fallback" },
            Route("first", "b", "/first/{**rest}") with { Order = -1, Rules = "http-request set-header X-Route first" },
        ],
        Clusters = [Cluster("a", backends.A), Cluster("b", backends.B)],
    };

    [Fact]
    public async Task Explains_acls_rules_route_cluster_and_the_request_as_it_leaves()
    {
        await using var host = await GatewayTestHost.StartAsync(RoutedConfig());
        var explainer = host.Services.GetRequiredService<GatewayExplainer>();

        var result = explainer.Explain(new ExplainRequest { Listener = "web", Url = "/v1/users/7?x=1", Headers = [new("Host", "shop.example")] });

        Assert.Equal(ExplainOutcome.Forwarded, result.Outcome);
        Assert.Equal("api-users", result.Route);
        Assert.Equal("a", result.Cluster);
        Assert.Equal(["a"], result.Servers);
        Assert.Equal("/api/users/7", result.Forwarded!.Path);
        Assert.Equal("x=1", result.Forwarded.Query);
        Assert.Contains(new KeyValuePair<string, string>("X-Route", "api-users"), result.Forwarded.Headers);
        Assert.Contains(result.Trace, e => e is { Kind: TraceEntryKind.Acl, Subject: "legacy", Result: true });
        Assert.Contains(result.Trace, e => e.Kind == TraceEntryKind.RuleFired && e.Subject.StartsWith("http-request set-path", StringComparison.Ordinal));
        Assert.Contains(result.Trace, e => e.Kind == TraceEntryKind.RuleSkipped && e.Subject.StartsWith("http-request deny", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explains_an_answer_and_the_response_the_client_would_get()
    {
        var config = RoutedConfig() with
        {
            Clusters = [Cluster("a", backends.A) with { Rules = "http-response set-header X-Cache miss\nhttp-response rewrite-location" }, Cluster("b", backends.B)],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        var explainer = host.Services.GetRequiredService<GatewayExplainer>();

        var denied = explainer.Explain(new ExplainRequest { Listener = "web", Url = "/api/x", Headers = [new("X-Abuse", "1")] });
        Assert.Equal(ExplainOutcome.Answered, denied.Outcome);
        Assert.Equal(429, denied.Answer!.StatusCode);

        var served = explainer.Explain(new ExplainRequest
        {
            Listener = "web",
            Url = "http://shop.example/api/x",
            Response = new ExplainServerResponse { Status = 302, Headers = [new("Location", backends.A.Url + "api/next")] },
        });
        Assert.Equal(302, served.Response!.Status);
        Assert.Contains(new KeyValuePair<string, string>("X-Cache", "miss"), served.Response.Headers);
        Assert.Contains(new KeyValuePair<string, string>("Location", "http://shop.example/api/next"), served.Response.Headers);
    }

    [Fact]
    public async Task Explains_a_document_that_is_not_live()
    {
        await using var host = await GatewayTestHost.StartAsync(RoutedConfig());
        var pending = RoutedConfig() with { Listeners = [Listener() with { Rules = "http-request deny if { path_beg /api }" }] };
        var build = await host.Services.GetRequiredService<Gateway.Management.IGatewaySnapshotPublisher>().BuildAsync(pending, "pending");
        var explainer = host.Services.GetRequiredService<GatewayExplainer>();

        var request = new ExplainRequest { Listener = "web", Url = "/api/x" };
        Assert.Equal(ExplainOutcome.Forwarded, explainer.Explain(request).Outcome);
        Assert.Equal(ExplainOutcome.Answered, explainer.Explain(request, build.Snapshot).Outcome);
    }

    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/api/x", null },
        { "GET", "/api/users/7", null },
        { "GET", "/api/users/7/orders", null },
        { "GET", "/api/x", "b.example" },
        { "GET", "/api/users/7", "b.example" },
        { "POST", "/posts/1", null },
        { "GET", "/posts/1", null },
        { "GET", "/first/thing", null },
        { "GET", "/v1/users/9", null },
        { "GET", "/elsewhere", null },
        { "DELETE", "/api/users/7", "B.EXAMPLE" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Explained_route_and_request_match_what_real_routing_does(string method, string path, string? hostHeader)
    {
        await using var host = await GatewayTestHost.StartAsync(RoutedConfig());
        using var message = new HttpRequestMessage(new HttpMethod(method), host.Url("web", path));
        if (hostHeader is not null)
        {
            message.Headers.Host = hostHeader;
        }

        var echo = await (await host.Client.SendAsync(message)).Content.ReadFromJsonAsync<EchoResponse>();
        var explained = host.Services.GetRequiredService<GatewayExplainer>().Explain(new ExplainRequest
        {
            Listener = "web",
            Method = method,
            Url = path,
            Headers = [new("Host", hostHeader ?? host.Url("web").Authority)],
        });

        Assert.Equal(echo!.Headers["X-Route"], explained.Route);
        Assert.Equal(echo.Backend, explained.Cluster);
        Assert.Equal(echo.Path, explained.Forwarded!.Path);
        Assert.Equal(echo.Headers["X-Seen"], explained.Forwarded.Headers.Single(h => h.Key == "X-Seen").Value);
    }

    [Fact]
    public async Task Explains_the_default_cluster_for_requests_no_route_matches_and_tcp_listeners()
    {
        var config = new GatewayConfig
        {
            Listeners = [Listener() with { DefaultCluster = "b" }, new() { Id = "pg", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "db" }],
            Routes = [Route("api", "a", "/api/{**rest}") with { Listeners = ["web"] }],
            Clusters = [Cluster("a", backends.A), Cluster("b", backends.B), new() { Id = "db", Servers = [new() { Id = "d", Address = "tcp://127.0.0.1:9" }] }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        var explainer = host.Services.GetRequiredService<GatewayExplainer>();

        var unrouted = explainer.Explain(new ExplainRequest { Listener = "web", Url = "/elsewhere" });
        var tcp = explainer.Explain(new ExplainRequest { Listener = "pg", Url = "/" });

        Assert.Equal((ExplainOutcome.Forwarded, null, "b"), (unrouted.Outcome, unrouted.Route, unrouted.Cluster));
        Assert.Equal((ExplainOutcome.Forwarded, "db"), (tcp.Outcome, tcp.Cluster));
        Assert.Contains(tcp.Trace, e => e.Kind == TraceEntryKind.Note && e.Subject.Contains("TCP listener", StringComparison.Ordinal));
    }
}
