using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Api;

/// <summary>
/// Guarded commits against real traffic: a real listener, a real backend, a bounded loop of requests through
/// the gateway while a commit is watched with a short window (<c>?guard=3s</c>), or a longer one where the guard must
/// judge a bad commit.
/// </summary>
public class GuardedCommitTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    // A bad commit is judged once the window holds 20 requests (GuardOptions.MinimumRequests), at once on an idle
    // machine; in 3 s a busy one may send fewer (a request every 20 ms plus its round trip), and the guard would then keep
    // the commit. A longer window costs nothing when the verdict comes early.
    private static readonly TimeSpan JudgingWindow = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task GuardedCommit_PointingRouteAtDeadServer_IsRewoundByGuardWithinWindow()
    {
        await using var backend = await BackendServer.StartAsync("good");
        await using var host = await ApiHost.StartAsync(backend);
        await using var traffic = Traffic.Start(host.ListenerUrl("/orders"));
        await traffic.WaitForAsync(20);
        var good = host.Revision;

        using var bad = await host.SendAsync(HttpMethod.Put, "clusters/backend/servers/s1?guard=15s&message=move%20s1", ApiHost.Json(new { id = "s1", address = $"http://127.0.0.1:{DeadPort()}/" }));
        var guarded = host.Revision;
        await Eventually.TrueAsync(() => host.Revision > guarded, "the guard rewinds", JudgingWindow + TimeSpan.FromSeconds(5));
        var rewind = host.Store.History(pageSize: 1).Single();
        using var state = await host.Admin.GetAsync($"guards/{guarded}");
        var guard = await ApiHost.ReadJsonAsync(state);
        var servedBefore = backend.Requests;
        await traffic.WaitForAsync(traffic.Sent + 5);

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal($"/api/v1/guards/{guarded}", bad.Headers.GetValues("Gateway-Guard").Single());
        Assert.Equal(good + 1, guarded);
        Assert.Equal("guard", rewind.Author);
        Assert.StartsWith($"guard: rewind revision {guarded} to {good}: route all: 5xx rate 100%", rewind.Message, StringComparison.Ordinal);
        Assert.Equal(host.Store.Read(good)!.Document.Clusters.Single().Servers.Single().Address, host.Store.Read().Document.Clusters.Single().Servers.Single().Address);
        Assert.Equal("rewound", (string?)guard["outcome"]);
        Assert.Equal(rewind.Number, (long?)guard["rewindRevision"]);
        Assert.Equal(["all"], guard["routes"]!.AsArray().Select(r => (string?)r));
        Assert.True(backend.Requests > servedBefore, "traffic reaches the good server again after the rewind");
    }

    [Fact]
    public async Task GuardedCommit_Harmless_IsKept()
    {
        await using var backend = await BackendServer.StartAsync("good");
        await using var host = await ApiHost.StartAsync(backend);
        await using var traffic = Traffic.Start(host.ListenerUrl("/orders"));
        await traffic.WaitForAsync(20);

        using var harmless = await host.SendAsync(HttpMethod.Post, "clusters/backend/servers?guard=3s", ApiHost.Json(new { id = "s2", address = backend.Url }));
        var guarded = host.Revision;
        await Eventually.TrueAsync(() => GuardOutcome(host, guarded) != "watching", "the guard decides", Window + TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Created, harmless.StatusCode);
        Assert.Equal("kept", GuardOutcome(host, guarded));
        Assert.Equal(guarded, host.Revision);
        Assert.Equal(0, traffic.Failed);
    }

    [Fact]
    public async Task UnguardedBadCommit_IsNotTouched()
    {
        await using var backend = await BackendServer.StartAsync("good");
        await using var host = await ApiHost.StartAsync(backend);
        await using var traffic = Traffic.Start(host.ListenerUrl("/orders"));
        await traffic.WaitForAsync(20);

        using var bad = await host.SendAsync(HttpMethod.Put, "clusters/backend/servers/s1", ApiHost.Json(new { id = "s1", address = $"http://127.0.0.1:{DeadPort()}/" }));
        var committed = host.Revision;
        var failedBefore = traffic.Failed;
        await Task.Delay(Window + TimeSpan.FromSeconds(1));
        using var guards = await host.Admin.GetAsync("guards");

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.False(bad.Headers.Contains("Gateway-Guard"));
        Assert.Equal(committed, host.Revision);
        Assert.True(traffic.Failed > failedBefore, "the bad commit did break the route");
        Assert.Empty((await ApiHost.ReadJsonAsync(guards)).AsArray());
    }

    [Fact]
    public async Task GuardedCommit_LaterCommitFollows_IsNotRewoundAndSaysWhy()
    {
        await using var backend = await BackendServer.StartAsync("good");
        await using var host = await ApiHost.StartAsync(backend);
        await using var traffic = Traffic.Start(host.ListenerUrl("/orders"));
        await traffic.WaitForAsync(20);

        using var bad = await host.SendAsync(HttpMethod.Put, "clusters/backend/servers/s1?guard=15s", ApiHost.Json(new { id = "s1", address = $"http://127.0.0.1:{DeadPort()}/" }));
        var guarded = host.Revision;
        using var later = await host.SendAsync(HttpMethod.Post, "clusters", ApiHost.Json(new { id = "other" }));
        var after = host.Revision;
        await Eventually.TrueAsync(() => GuardOutcome(host, guarded) != "watching", "the guard decides", JudgingWindow + TimeSpan.FromSeconds(5));
        using var state = await host.Admin.GetAsync($"guards/{guarded}");
        var reason = (string?)(await ApiHost.ReadJsonAsync(state))["reason"];

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal("not-rewound", GuardOutcome(host, guarded));
        Assert.Contains($"not rewound: revision {after} was committed after {guarded}", reason, StringComparison.Ordinal);
        Assert.Equal(after, host.Revision);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("1h")]
    public async Task GuardedCommit_BadWindow_IsRefusedAndStoresNothing(string window)
    {
        await using var host = await ApiHost.StartAsync();
        var before = host.Revision;

        using var refused = await host.SendAsync(HttpMethod.Post, $"clusters?guard={window}", ApiHost.Json(new { id = "c" }));
        var problem = await ApiHost.ReadJsonAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("guard", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, host.Revision);
    }

    private static string? GuardOutcome(ApiHost host, long revision) =>
        host.Services.GetRequiredService<Gateway.Admin.Guard.CommitGuard>().Find(revision)?.Outcome.ToString().ToLowerInvariant() switch
        {
            "notrewound" => "not-rewound",
            var other => other,
        };

    /// <summary>A port nothing listens on: bound, then released.</summary>
    private static int DeadPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Requests through the gateway every 20 ms, bounded to 2,000 requests and 30 s, until disposed.</summary>
    private sealed class Traffic : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
        private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        private Task _loop = Task.CompletedTask;
        private int _sent;
        private int _failed;

        public int Sent => Volatile.Read(ref _sent);

        public int Failed => Volatile.Read(ref _failed);

        public static Traffic Start(Uri url)
        {
            var traffic = new Traffic();
            traffic._loop = traffic.RunAsync(url);
            return traffic;
        }

        public Task WaitForAsync(int sent) => Eventually.TrueAsync(() => Sent >= sent, $"{sent} requests sent", TimeSpan.FromSeconds(10));

        private async Task RunAsync(Uri url)
        {
            for (var i = 0; i < 2000 && !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await _client.GetAsync(url, _stop.Token);
                    if ((int)response.StatusCode >= 500)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _failed);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                Interlocked.Increment(ref _sent);
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
