using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Gateway.Tests.Common;
using Gateway.Tests.Http;
using Gateway.Tests.Tcp;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.StickTables;

/// <summary>Stick tables through real listeners: HAProxy's 429 example, connection tracking, TCP mode, and tables across commits.</summary>
public class StickTablesThroughListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static readonly StickTableConfig PerIp = new() { Id = "per_ip", Type = StickKeyType.Address, Size = 1000, Expire = TimeSpan.FromSeconds(60), Store = ["http_req_rate(10s)", "conn_cur", "conn_rate(10s)"] };

    private GatewayConfig Config(string listenerRules) => new()
    {
        Listeners = [Listener() with { Rules = listenerRules }],
        Routes = [Route("all", "a")],
        Clusters = [Cluster("a", backends.A)],
        StickTables = [PerIp],
    };

    private const string LimitFivePerTenSeconds = """
        http-request track-sc0 src table per_ip
        http-request deny deny_status 429 if { sc_http_req_rate(0) gt 5 }
        """;

    private static StickKey Loopback => StickKey.FromAddress(IPAddress.Loopback);

    [Fact]
    public async Task RateLimit_FivePerTenSeconds_AllowsFiveOfTwenty_ClearingLetsTheNextThrough_AndTheRateDecays()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayTestHost.StartAsync(Config(LimitFivePerTenSeconds), services: s => s.AddSingleton<TimeProvider>(clock));
        var before = backends.A.Requests;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await host.Client.GetAsync(host.Url("web", "/x"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(before + 5, backends.A.Requests);

        var table = host.Snapshot.StickTables.Find("per_ip")!;
        Assert.Equal(20, table.Lookup(Loopback, StickDataType.HttpReqRate));
        // The tracking ends when the gateway has finished the request, which may be just after the client read its answer.
        await Eventually.TrueAsync(() => table.Lookup(Loopback, StickDataType.ConnCur) == 0, "conn_cur back to 0 after the last request");
        Assert.Equal(1, table.Clear());
        using (var next = await host.Client.GetAsync(host.Url("web", "/x")))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var response = await host.Client.GetAsync(host.Url("web", "/x"));
        }

        using (var limited = await host.Client.GetAsync(host.Url("web", "/x")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(20));
        using var later = await host.Client.GetAsync(host.Url("web", "/x"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Entries_SurviveACommitThatLeavesTheTableUnchanged_AndAChangedStoreStartsANewTable()
    {
        var config = Config(LimitFivePerTenSeconds);
        await using var host = await GatewayTestHost.StartAsync(config);
        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.GetAsync(host.Url("web", "/x"));
        }

        var table = host.Snapshot.StickTables.Find("per_ip")!;
        var generation = host.Snapshot.Generation;
        host.Source.Update(config with { Routes = [.. config.Routes, Route("other", "a", "/other/{**rest}")], StickTables = [PerIp with { Size = 2000 }] });
        await Eventually.TrueAsync(() => host.Snapshot.Generation > generation, "the second snapshot");
        Assert.Same(table, host.Snapshot.StickTables.Find("per_ip"));
        Assert.Equal(2000, table.Schema.Size);
        Assert.Equal(3, table.Lookup(Loopback, StickDataType.HttpReqRate));

        generation = host.Snapshot.Generation;
        host.Source.Update(config with { StickTables = [PerIp with { Store = ["http_req_rate(10s)"] }] });
        await Eventually.TrueAsync(() => host.Snapshot.Generation > generation, "the third snapshot");
        var fresh = host.Snapshot.StickTables.Find("per_ip")!;
        Assert.NotSame(table, fresh);
        Assert.Equal(0, fresh.Count);
    }

    [Fact]
    public async Task ConnectionTracking_CountsTheConnectionWhileOpen_AndEachRequestOnIt()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("""
            tcp-request connection track-sc0 src table per_ip
            http-request return status 200 content-type text/plain lf-string "%[sc0_conn_cur] %[sc0_http_req_rate]"
            """) with { StickTables = [PerIp] });
        using var first = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        using var second = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        Assert.Equal("1 1", await first.GetStringAsync(host.Url("web", "/")));
        Assert.Equal("1 2", await first.GetStringAsync(host.Url("web", "/")));
        Assert.Equal("2 3", await second.GetStringAsync(host.Url("web", "/")));
    }

    [Fact]
    public async Task TcpMode_ConnectionRateOverTheLimit_IsRejected()
    {
        await using var echo = TcpTestServer.Start("echo");
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "tcp", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "db", Rules = """
                tcp-request connection track-sc0 src table per_ip
                tcp-request connection reject if { sc_conn_rate(0) gt 2 }
                """ }],
            Clusters = [new() { Id = "db", Servers = [new() { Id = "e", Address = echo.Address }] }],
            StickTables = [PerIp],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        await TcpModeTests.EchoOnceAsync(host);
        await TcpModeTests.EchoOnceAsync(host);
        Assert.True(await TcpModeTests.ClosedWithoutDataAsync(TcpModeTests.Port(host)));
        Assert.Equal(2, echo.Accepted);
        Assert.Equal(3, host.Snapshot.StickTables.Find("per_ip")!.Lookup(Loopback, StickDataType.ConnRate));
    }

    [Fact]
    public async Task HttpErrors_CountDeniesOfAnyStatusAndServer4xx_NotAReturned4xx_AsHaproxy26()
    {
        var table = new StickTableConfig { Id = "per_ip", Type = StickKeyType.Address, Size = 1000, Store = ["http_err_cnt", "http_req_cnt"] };
        await using var host = await GatewayTestHost.StartAsync(Config("""
            http-request track-sc0 src table per_ip
            http-request deny deny_status 500 if { path /deny500 }
            http-request deny deny_status 429 if { path /deny429 }
            http-request return status 404 if { path /return404 }
            """) with { StickTables = [table] });

        async Task<HttpStatusCode> Get(string path)
        {
            using var response = await host.Client.GetAsync(host.Url("web", path));
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.InternalServerError, await Get("/deny500"));     // counted: a deny, whatever its status
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get("/deny429"));         // counted
        Assert.Equal(HttpStatusCode.NotFound, await Get("/x?status=404"));           // counted: the server's 4xx
        Assert.Equal(HttpStatusCode.NotFound, await Get("/return404"));              // not counted: the rule's own answer
        Assert.Equal(HttpStatusCode.OK, await Get("/x"));                            // not counted
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Get("/x?status=503")); // not counted: 5xx
        var entries = host.Snapshot.StickTables.Find("per_ip")!;
        Assert.Equal(6, entries.Lookup(Loopback, StickDataType.HttpReqCnt));
        Assert.Equal(3, entries.Lookup(Loopback, StickDataType.HttpErrCnt));
    }
}
