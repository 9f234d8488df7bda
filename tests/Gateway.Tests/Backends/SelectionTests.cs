using System.Net;
using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Backends;

/// <summary>Hashing, stickiness, retry on a status and per-server queues, through real listeners and servers.</summary>
public class SelectionTests
{
    private static GatewayConfig Config(ClusterConfig cluster) => new()
    {
        Listeners = [TestConfigs.Listener()],
        Routes = [TestConfigs.Route("all", cluster.Id)],
        Clusters = [cluster],
    };

    private static async Task<string> BackendOf(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Backend").Single();
    }

    [Fact]
    public async Task HeaderHash_SendsEqualValuesToOneServer_AndAbsentHeaderRoundRobin()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var c = await BackendServer.StartAsync("c");
        await using var gateway = await GatewayTestHost.StartAsync(Config(TestConfigs.Cluster("backend", a, b, c) with { LoadBalancing = "hdr(X-Tenant)" }));

        var byTenant = new Dictionary<string, HashSet<string>>();
        for (var i = 0; i < 60; i++)
        {
            var tenant = $"tenant-{i % 12}";
            using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", $"/{i}"));
            request.Headers.Add("X-Tenant", tenant);
            (byTenant.TryGetValue(tenant, out var set) ? set : byTenant[tenant] = []).Add(await BackendOf(gateway.Client, request));
        }

        Assert.All(byTenant.Values, servers => Assert.Single(servers));
        Assert.True(byTenant.Values.Select(s => s.Single()).Distinct().Count() > 1, "twelve tenants all hashed to one server");

        var withoutHeader = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            withoutHeader.Add(await BackendOf(gateway.Client, new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", "/"))));
        }

        Assert.Equal(3, withoutHeader.Count); // round-robin
    }

    [Fact]
    public async Task UriHash_KeepsAPathOnOneServer_AndMovesOnlyTheDeadServersPaths()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var c = await BackendServer.StartAsync("c");
        var cluster = TestConfigs.Cluster("backend", a, b, c) with { LoadBalancing = LoadBalancingNames.Uri };
        await using var gateway = await GatewayTestHost.StartAsync(Config(cluster));
        var before = new Dictionary<string, string>();
        for (var i = 0; i < 30; i++)
        {
            before[$"/item/{i}"] = await BackendOf(gateway.Client, new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", $"/item/{i}?v={i}")));
        }

        // "b" goes into maintenance: only its paths move.
        gateway.Source.Update(Config(cluster with { Servers = [.. cluster.Servers.Select(s => s.Id == "b" ? s with { State = ServerState.Maintenance } : s)] }));
        await Eventually.TrueAsync(() => gateway.Snapshot.Cluster("backend")!.Servers.Any(s => s.State == ServerState.Maintenance), "the change is in force");
        foreach (var (path, server) in before)
        {
            var now = await BackendOf(gateway.Client, new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", path)));
            if (server != "b")
            {
                Assert.Equal(server, now);
            }
            else
            {
                Assert.NotEqual("b", now);
            }
        }
    }

    [Fact]
    public async Task StickyCookie_KeepsAClientOnItsServer_AcrossAnUnrelatedCommit_AndMovesItWhenTheServerIsGone()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var cluster = TestConfigs.Cluster("backend", a, b) with { StickyCookie = "SRV" };
        await using var gateway = await GatewayTestHost.StartAsync(Config(cluster));
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler);

        using (var first = await client.GetAsync(gateway.Url("web", "/")))
        {
            var setCookie = first.Headers.GetValues("Set-Cookie").Single();
            Assert.StartsWith("SRV=", setCookie, StringComparison.Ordinal);
            Assert.Contains("HttpOnly", setCookie, StringComparison.Ordinal);
        }

        var stuck = handler.CookieContainer.GetCookies(gateway.Url("web", "/"))["SRV"]!.Value;
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync(gateway.Url("web", $"/{i}"));
            Assert.Equal(stuck, response.Headers.GetValues("X-Backend").Single());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        // A commit that changes something else (a new route) keeps the stickiness.
        var withRoute = Config(cluster) with { Routes = [TestConfigs.Route("all", "backend"), TestConfigs.Route("other", "backend", "/other/{**rest}")] };
        gateway.Source.Update(withRoute);
        await Eventually.TrueAsync(() => gateway.Snapshot.Config.Routes.Count == 2, "the change is in force");
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync(gateway.Url("web", $"/after/{i}"));
            Assert.Equal(stuck, response.Headers.GetValues("X-Backend").Single());
        }

        // The sticky server leaves the cluster: the client goes elsewhere and gets a new cookie.
        var other = stuck == "a" ? "b" : "a";
        gateway.Source.Update(withRoute with { Clusters = [cluster with { Servers = [.. cluster.Servers.Where(s => s.Id == other)] }] });
        await Eventually.TrueAsync(() => gateway.Snapshot.Cluster("backend")!.Servers.Count == 1, "the change is in force");
        using (var moved = await client.GetAsync(gateway.Url("web", "/moved")))
        {
            Assert.Equal(other, moved.Headers.GetValues("X-Backend").Single());
            Assert.Equal($"SRV={other}; Path=/; HttpOnly; SameSite=Lax", moved.Headers.GetValues("Set-Cookie").Single());
        }
    }

    [Fact]
    public async Task RetryOnStatus_SendsAnIdempotentRequestAnsweredWith503Elsewhere()
    {
        await using var unavailable = await StatusServer.StartAsync(503);
        await using var good = await BackendServer.StartAsync("good");
        var cluster = new ClusterConfig
        {
            Id = "backend",
            LoadBalancing = LoadBalancingNames.First,
            Retry = new RetryConfig { OnStatuses = [503] },
            Servers = [new ServerConfig { Id = "a", Address = unavailable.Url }, new ServerConfig { Id = "b", Address = good.Url }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(Config(cluster));

        using var get = await gateway.Client.GetAsync(gateway.Url("web", "/"));
        using var post = await gateway.Client.PostAsync(gateway.Url("web", "/"), new StringContent("x"));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("good", get.Headers.GetValues("X-Backend").Single());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode); // not idempotent: the server's own answer
        Assert.Equal("busy", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QueueOverflow_Gets503WithRetryAfter_AndTheQueuedRequestIsServedWhenAPlaceFrees()
    {
        await using var a = await BackendServer.StartAsync("a");
        var cluster = new ClusterConfig
        {
            Id = "backend",
            MaxQueue = 1,
            QueueTimeout = TimeSpan.FromSeconds(20),
            Servers = [new ServerConfig { Id = "a", Address = a.Url, MaxConnections = 1 }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(Config(cluster));
        using var client1 = new HttpClient();
        using var client2 = new HttpClient();

        var held = client1.GetAsync(gateway.Url("web", "/hold/one"));
        await a.Arrived("one").WaitAsync(TimeSpan.FromSeconds(10));
        var queued = client2.GetAsync(gateway.Url("web", "/queued"));
        await Eventually.TrueAsync(() => gateway.Services.GetRequiredService<Gateway.Status.IServerStatusTable>().GetCluster("backend")!.Queued == 1, "the change is in force");

        using (var refused = await gateway.Client.GetAsync(gateway.Url("web", "/refused")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("20", refused.Headers.GetValues("Retry-After").Single());
        }

        Assert.False(queued.IsCompleted);
        a.Release("one");
        using var heldResponse = await held;
        using var queuedResponse = await queued.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, heldResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedResponse.StatusCode);
    }

    [Fact]
    public async Task QueueTimeout_Gets503_AndMaxQueueZeroRefusesAtOnce()
    {
        await using var a = await BackendServer.StartAsync("a");
        var cluster = new ClusterConfig
        {
            Id = "backend",
            QueueTimeout = TimeSpan.FromMilliseconds(300),
            Servers = [new ServerConfig { Id = "a", Address = a.Url, MaxConnections = 1 }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(Config(cluster));
        using var holder = new HttpClient();
        var held = holder.GetAsync(gateway.Url("web", "/hold/t"));
        await a.Arrived("t").WaitAsync(TimeSpan.FromSeconds(10));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        using (var timedOut = await gateway.Client.GetAsync(gateway.Url("web", "/late")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
            Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(250), $"refused after {waited.Elapsed}");
            Assert.Equal("1", timedOut.Headers.GetValues("Retry-After").Single());
        }

        // No queue, and a queue timeout far longer than a round trip on a busy machine: a refusal well before it was not a
        // wait that ran out (a bound of a few hundred milliseconds failed on a loaded machine).
        var noQueue = cluster with { MaxQueue = 0, QueueTimeout = TimeSpan.FromSeconds(60) };
        gateway.Source.Update(Config(noQueue));
        await Eventually.TrueAsync(() => gateway.Snapshot.Cluster("backend") is { MaxQueue: 0 } now && now.QueueTimeout == noQueue.QueueTimeout, "the change is in force");
        waited.Restart();
        using (var refused = await gateway.Client.GetAsync(gateway.Url("web", "/now")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"refused after {waited.Elapsed}");
        }

        a.Release("t");
        (await held).Dispose();
    }

    [Fact]
    public async Task AClientLeavingTheQueue_FreesItsPlace_AndLogsNoError()
    {
        await using var a = await BackendServer.StartAsync("a");
        var cluster = new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "a", Address = a.Url, MaxConnections = 1 }] };
        await using var gateway = await GatewayTestHost.StartAsync(Config(cluster));
        using var holder = new HttpClient();
        var held = holder.GetAsync(gateway.Url("web", "/hold/q"));
        await a.Arrived("q").WaitAsync(TimeSpan.FromSeconds(10));
        var status = gateway.Services.GetRequiredService<Gateway.Status.IServerStatusTable>();

        using (var impatient = new CancellationTokenSource())
        {
            using var client = new HttpClient();
            var waiting = client.GetAsync(gateway.Url("web", "/impatient"), impatient.Token);
            await Eventually.TrueAsync(() => status.GetCluster("backend")!.Queued == 1, "the request is queued");
            await impatient.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        await Eventually.TrueAsync(() => status.GetCluster("backend")!.Queued == 0, "the queue is empty again");
        a.Release("q");
        (await held).Dispose();
        using var next = await gateway.Client.GetAsync(gateway.Url("web", "/next"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    /// <summary>A server that answers every request with one status and the body "busy".</summary>
    private sealed class StatusServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private StatusServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<StatusServer> StartAsync(int status)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context =>
            {
                context.Response.StatusCode = status;
                return context.Response.WriteAsync("busy");
            });
            await app.StartAsync();
            return new StatusServer(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
