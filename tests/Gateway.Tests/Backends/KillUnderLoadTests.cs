using System.Net;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.Backends;

/// <summary>
/// One of three servers stops while keep-alive clients send a bounded stream of requests: what a
/// rolling restart or a crash looks like to the gateway.
/// </summary>
public class KillUnderLoadTests
{
    private const int Clients = 8;
    private const int RequestsPerClient = 150;

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task KillingOneOfThreeServers_UnderLoad(string method)
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var victim = await BackendServer.StartAsync("victim");
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [TestConfigs.Cluster("backend", a, victim, b)],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var url = gateway.Url("web", "/load");
        var sent = 0;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var killAt = Clients * RequestsPerClient / 3;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var clients = Enumerable.Range(0, Clients).Select(async c =>
        {
            using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < RequestsPerClient; i++)
            {
                if (Interlocked.Increment(ref sent) == killAt)
                {
                    _ = Task.Run(async () =>
                    {
                        await victim.DisposeAsync();
                        killed.TrySetResult();
                    });
                }

                try
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? new StringContent($"order {c}/{i}") : null };
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"client {c} request {i}: {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"client {c} request {i}: {e.Message}");
                }
            }
        }).ToList();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(120));
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        if (method == "GET")
        {
            Assert.Empty(failures);
        }
        else
        {
            // Only a POST already sent to the server as it died may fail: at most one per client connection.
            Assert.True(failures.Count <= Clients, string.Join("; ", failures));
        }

        Assert.True(victim.Requests > 0, "the victim took traffic before it stopped");
    }
}
