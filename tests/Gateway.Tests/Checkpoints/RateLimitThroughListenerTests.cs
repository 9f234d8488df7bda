using System.Net;
using Gateway.Checkpoints;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Gateway.Tests.Common;
using Gateway.Tests.Http;
using Gateway.Tests.Tcp;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Checkpoints;

/// <summary>
/// <c>rate-limit</c> checkpoints through real listeners on the real clock: requests over the rate wait and then go
/// through, or are refused with Retry-After when the queue is full or the wait runs out; a client that leaves frees its
/// place; and the same checkpoint in <c>tcp-request connection</c> rules of a TCP listener.
/// </summary>
public class RateLimitThroughListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static StickTableConfig PerIp(string period) => new() { Id = "per_ip", Type = StickKeyType.Address, Size = 1000, Expire = TimeSpan.FromSeconds(60), Store = [$"http_req_rate({period})", $"conn_rate({period})"] };

    private GatewayConfig Config(string period, string rules) => new()
    {
        Listeners = [Listener() with { Rules = rules }],
        Routes = [Route("all", "a")],
        Clusters = [Cluster("a", backends.A)],
        StickTables = [PerIp(period)],
    };

    private static RateCheckpoints Checkpoints(GatewayTestHost host) => host.Services.GetRequiredService<RateCheckpoints>();

    [Fact]
    public async Task OverTheRate_RequestsWaitInTheQueue_ThenGoThrough()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("2s", """
            http-request track-sc0 src table per_ip
            http-request rate-limit sc_http_req_rate(0) 2 queue 10 wait 10s
            """));
        var before = backends.A.Requests;
        var requests = Enumerable.Range(0, 4).Select(_ => host.Client.GetAsync(host.Url("web", "/x"))).ToList();

        // Two fit the rate of 2 per 2 s; the others wait until it has come down (about 3 s here). How many
        // wait at once depends on how fast the client sends on a loaded machine, so the test counts waits.
        var responses = await Task.WhenAll(requests);
        Assert.True(Checkpoints(host).QueuedTotal >= 1, "at least one request waited at the checkpoint");
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 4, backends.A.Requests);
        Assert.Equal(0, Checkpoints(host).ActiveQueues);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task AFullQueue_Refuses429WithRetryAfterAtOnce_WhileTheQueuedOneStillWaits()
    {
        // The queued request may wait 60 s, far longer than the test: on a loaded machine a short wait could run out
        // before the test looks, and the refusal would then not prove the queue was full. The test ends it by leaving.
        await using var host = await GatewayTestHost.StartAsync(Config("10s", """
            http-request track-sc0 src table per_ip
            http-request rate-limit sc_http_req_rate(0) 1 queue 1 wait 60s
            """));
        using var first = await host.Client.GetAsync(host.Url("web", "/x"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var leaves = new CancellationTokenSource();
        var queued = host.Client.GetAsync(host.Url("web", "/x"), leaves.Token);
        await Eventually.TrueAsync(() => Checkpoints(host).Waiting == 1 || queued.IsCompleted, "one request waiting");
        if (queued.IsCompleted)
        {
            using var early = await queued;
            Assert.Fail($"the queued request ended early with {(int)early.StatusCode}");
        }

        using var refused = await host.Client.GetAsync(host.Url("web", "/x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(1, Checkpoints(host).Waiting); // refused because the queue was full, not after a wait
        Assert.False(queued.IsCompleted);

        await leaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await Eventually.TrueAsync(() => Checkpoints(host).Waiting == 0, "the queued request's place freed");
    }

    [Fact]
    public async Task AWaitThatRunsOut_Answers503WithRetryAfter()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("10s", """
            http-request track-sc0 src table per_ip
            http-request rate-limit sc_http_req_rate(0) 1 queue 5 wait 300ms status 503
            """));
        var before = backends.A.Requests;
        using var first = await host.Client.GetAsync(host.Url("web", "/x"));
        var late = host.Client.GetAsync(host.Url("web", "/x"));
        await Eventually.TrueAsync(() => Checkpoints(host).Waiting == 1 || late.IsCompleted, "the second request waiting");

        using var refused = await late;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(before + 1, backends.A.Requests);
    }

    [Fact]
    public async Task AClientThatLeavesWhileQueued_FreesItsPlace()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("10s", """
            http-request track-sc0 src table per_ip
            http-request rate-limit sc_http_req_rate(0) 0 queue 1 wait 60s
            """));
        using var leaves = new CancellationTokenSource();
        using var client = new HttpClient();
        var abandoned = client.GetAsync(host.Url("web", "/x"), leaves.Token);
        await Eventually.TrueAsync(() => Checkpoints(host).Waiting == 1, "the request waiting");

        await leaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Eventually.TrueAsync(() => Checkpoints(host).Waiting == 0, "the place freed");

        // The queue (of one) has room again: the next request waits rather than being refused as "full".
        using var next = new CancellationTokenSource();
        var waiting = client.GetAsync(host.Url("web", "/x"), next.Token);
        await Eventually.TrueAsync(() => Checkpoints(host).Waiting == 1, "the next request waiting");
        await next.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task TcpMode_AConnectionOverTheRate_WaitsThenIsForwarded_AndWithoutAQueueIsClosed()
    {
        await using var echo = TcpTestServer.Start("echo");
        GatewayConfig Tcp(string checkpoint) => new()
        {
            Listeners = [new() { Id = "tcp", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "db", Rules = $"""
                tcp-request connection track-sc0 src table per_ip
                tcp-request connection {checkpoint}
                """ }],
            Clusters = [new() { Id = "db", Servers = [new() { Id = "e", Address = echo.Address }] }],
            StickTables = [PerIp("3s")], // long enough that a slow first echo (a cold host) still falls in the same period
        };

        await using (var host = await GatewayTestHost.StartAsync(Tcp("rate-limit sc_conn_rate(0) 1 queue 5 wait 10s")))
        {
            await TcpModeTests.EchoOnceAsync(host);
            // Forwarded once the connection rate is back to 1 in 3 s (4.5 s after the first). The wait is counted
            // rather than watched, so a loaded machine that sleeps between two looks cannot miss it.
            await TcpModeTests.EchoOnceAsync(host);
            Assert.Equal(1, Checkpoints(host).QueuedTotal);
            Assert.Equal(2, echo.Accepted);
        }

        await using (var host = await GatewayTestHost.StartAsync(Tcp("rate-limit sc_conn_rate(0) 1")))
        {
            await TcpModeTests.EchoOnceAsync(host);
            Assert.True(await TcpModeTests.ClosedWithoutDataAsync(TcpModeTests.Port(host)));
            Assert.Equal(3, echo.Accepted);
        }
    }
}
