using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Forwarding;

namespace Gateway.Tests.Management;

public class SnapshotSwapTests
{
    [Fact]
    public async Task Update_ValidDocument_IsLiveWhenUpdateReturns()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var first = TestConfigs.OneRoute(a);
        await using var gateway = await GatewayTestHost.StartAsync(first);

        gateway.Source.Update(first with { Clusters = [TestConfigs.Cluster("backend", b)] });
        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Equal("b", response.Headers.GetValues("X-Backend").Single());
        Assert.Equal(2, gateway.Snapshot.Generation);
    }

    [Fact]
    public async Task Swap_FiftyTimesUnderLoad_LosesNoRequest()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var toA = TestConfigs.OneRoute(a);
        var toB = toA with { Clusters = [TestConfigs.Cluster("backend", b)] };
        await using var gateway = await GatewayTestHost.StartAsync(toA);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failures = new List<string>();
        var completed = 0;

        async Task ClientLoop()
        {
            // Bounded: at most 2,000 requests per client, and only until the swaps are done.
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                using var response = await gateway.Client.GetAsync(gateway.Url("web", $"/load/{i}"), CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    lock (failures)
                    {
                        failures.Add($"{response.StatusCode} {body}");
                    }
                }

                Interlocked.Increment(ref completed);
            }
        }

        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(ClientLoop)).ToArray();
        for (var swap = 0; swap < 50; swap++)
        {
            var before = Volatile.Read(ref completed);
            gateway.Source.Update(swap % 2 == 0 ? toB : toA);
            await Eventually.TrueAsync(() => Volatile.Read(ref completed) > before + 8 || clients.All(c => c.IsCompleted), "requests flowing between swaps");
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Equal(51, gateway.Snapshot.Generation);
        Assert.True(a.Requests > 0 && b.Requests > 0, $"both clusters served traffic: a={a.Requests}, b={b.Requests}");
    }

    [Fact]
    public async Task SlowRequest_StartedBeforeSwap_CompletesOnTheOldRoute()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var first = TestConfigs.OneRoute(a);
        await using var gateway = await GatewayTestHost.StartAsync(first);

        var slow = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/slow"));
        await a.Arrived("slow");
        gateway.Source.Update(first with { Routes = [TestConfigs.Route("other", "b")], Clusters = [TestConfigs.Cluster("b", b)] });
        using var after = await gateway.Client.GetAsync(gateway.Url("web", "/after"));
        a.Release("slow");

        Assert.Equal("a:held", await slow);
        Assert.Equal("b", after.Headers.GetValues("X-Backend").Single());
    }

    [Fact]
    public async Task KeepAliveConnection_StaysOpenAcrossSwap()
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var first = TestConfigs.OneRoute(a);
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var url = gateway.Url("web");
        using var socket = new TcpClient();
        await socket.ConnectAsync(url.Host, url.Port);
        var stream = socket.GetStream();

        var before = await SendOnConnection(stream, url);
        gateway.Source.Update(first with { Clusters = [TestConfigs.Cluster("backend", b)] });
        var after = await SendOnConnection(stream, url);

        Assert.Contains("X-Backend: a", before, StringComparison.Ordinal);
        Assert.Contains("X-Backend: b", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_InvalidDocument_IsRejectedLoggedAndOldSnapshotStays()
    {
        await using var a = await BackendServer.StartAsync("a");
        var first = TestConfigs.OneRoute(a);
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var before = gateway.Snapshot;

        gateway.Source.Update(first with { Routes = [TestConfigs.Route("all", "missing"), TestConfigs.Route("bad", "backend", "no-slash")] });
        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Same(before, gateway.Snapshot);
        Assert.Equal("a", response.Headers.GetValues("X-Backend").Single());
        var rejected = Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "ConfigRejected");
        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Contains("routes[all].cluster: Cluster 'missing' does not exist", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("routes[bad].path: The path 'no-slash' must start with '/'", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_PathYarpRejects_IsReportedWithRoutePath()
    {
        await using var a = await BackendServer.StartAsync("a");
        var first = TestConfigs.OneRoute(a);
        await using var gateway = await GatewayTestHost.StartAsync(first);

        gateway.Source.Update(first with { Routes = [TestConfigs.Route("all", "backend", "/{a}{b}")] });

        var rejected = Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "ConfigRejected");
        Assert.Contains("routes[all].path", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(1, gateway.Snapshot.Generation);
    }

    [Fact]
    public async Task RouteState_KeyedById_SurvivesSwapThatEditsTheRoute()
    {
        await using var a = await BackendServer.StartAsync("a");
        var first = TestConfigs.OneRoute(a);
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var traffic = gateway.Services.GetRequiredService<RouteTrafficTable>();

        (await gateway.Client.GetAsync(gateway.Url("web", "/x"))).Dispose();
        gateway.Source.Update(first with { Routes = [TestConfigs.Route("all", "backend", "/{**rest}") with { Order = 3 }] });
        (await gateway.Client.GetAsync(gateway.Url("web", "/y"))).Dispose();
        var afterEdit = traffic.Get("all").Requests;
        gateway.Source.Update(first with { Routes = [TestConfigs.Route("renamed", "backend")] });

        Assert.Equal(2, afterEdit);
        Assert.DoesNotContain(traffic.All, entry => entry.Key == "all");
    }

    private static async Task<string> SendOnConnection(NetworkStream stream, Uri url)
    {
        var request = Encoding.ASCII.GetBytes($"GET /keep HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
        await stream.WriteAsync(request);
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "the gateway closed the keep-alive connection");
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var headerEnd = text.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd >= 0 && IsComplete(text.ToString(), headerEnd))
            {
                return text.ToString();
            }
        }
    }

    private static bool IsComplete(string response, int headerEnd)
    {
        var headers = response[..headerEnd];
        var body = response[(headerEnd + 4)..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }

        var line = headers.Split("\r\n").First(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return body.Length >= int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
