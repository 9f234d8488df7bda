using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

/// <summary>A listener's minimum request body rate cuts a client that trickles its body (slow POST), so it cannot hold a server connection.</summary>
public class MinRequestBodyRateTests
{
    [Fact]
    public async Task ABodyTrickledBelowTheRate_IsCutAfterTheGrace_AndTheServerIsFreed()
    {
        // A server that waits for the whole body without a rate of its own: what cuts the client is the gateway.
        await using var backend = new Http1.RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(minRate: 1000));
        using var client = await SlowPostAsync(host);
        var watch = Stopwatch.StartNew();

        var (closed, response) = await TrickleUntilClosedAsync(client.GetStream(), TimeSpan.FromSeconds(20));

        Assert.True(closed, "the connection is closed");
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15));
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), response);
        // The server connection that carried half a body is closed, never kept for another request.
        await Eventually.TrueAsync(() => backend.Closed >= 1, "the server connection closed", TimeSpan.FromSeconds(10));
        Assert.Empty(backend.Requests);

        GatewayConfig Config(int minRate) => new()
        {
            Listeners = [Listener() with { MinRequestBodyRate = minRate }],
            Clusters = [RawCluster(backend)],
            Routes = [Route("all", "app")],
        };
    }

    [Fact]
    public async Task WithTheMinimumOff_ATrickledBodyIsStillBeingReadAfterTheGrace()
    {
        await using var backend = new Http1.RawServer();
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener() with { MinRequestBodyRate = 0 }],
            Clusters = [RawCluster(backend)],
            Routes = [Route("all", "app")],
        });
        using var client = await SlowPostAsync(host);

        var (closed, _) = await TrickleUntilClosedAsync(client.GetStream(), TimeSpan.FromSeconds(8));

        Assert.False(closed, "a client under no minimum is not cut");
    }

    [Fact]
    public async Task ABodySentFasterThanTheRate_PastTheGrace_IsForwardedWhole()
    {
        await using var server = new Http1.RawServer();
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener() with { MinRequestBodyRate = 1000 }],
            Clusters = [RawCluster(server)],
            Routes = [Route("all", "app")],
        });
        // 7 s at about 4,000 bytes a second: past the 5 s grace, four times the minimum.
        const int chunk = 1000;
        const int chunks = 28;
        var url = host.Url("web");
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /upload HTTP/1.1\r\nHost: example.test\r\nContent-Length: {chunk * chunks}\r\n\r\n"));
        for (var i = 0; i < chunks; i++)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', chunk)));
            await Task.Delay(250);
        }

        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 200 ", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.EndsWith(new string('x', chunk * chunks), StringComparison.Ordinal));
    }

    [Fact]
    public void MinRequestBodyRate_Negative_IsRefusedWithItsPath()
    {
        var errors = Gateway.Core.Validation.ConfigValidator.Validate(new GatewayConfig { Listeners = [Listener() with { MinRequestBodyRate = -1 }] });

        Assert.Contains(errors, e => e.Path == "listeners[web].minRequestBodyRate");
    }

    private static ClusterConfig RawCluster(Http1.RawServer server) => new() { Id = "app", Servers = [new ServerConfig { Id = "s", Address = server.Url }] };

    private static async Task<TcpClient> SlowPostAsync(GatewayTestHost host)
    {
        var url = host.Url("web");
        var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: example.test\r\nContent-Length: 100000\r\n\r\n"));
        return client;
    }

    /// <summary>Sends 10 bytes a second until the gateway closes the connection or <paramref name="bound"/> passes.</summary>
    private static async Task<(bool Closed, string Response)> TrickleUntilClosedAsync(NetworkStream stream, TimeSpan bound)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        var reading = stream.ReadAsync(buffer).AsTask();
        var end = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < end)
        {
            if (await Task.WhenAny(reading, Task.Delay(1000)) == reading)
            {
                int read;
                try
                {
                    read = await reading;
                }
                catch (IOException)
                {
                    return (true, received.ToString());
                }

                if (read == 0)
                {
                    return (true, received.ToString());
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                reading = stream.ReadAsync(buffer).AsTask();
                continue;
            }

            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("0123456789"));
            }
            catch (IOException)
            {
                return (true, received.ToString());
            }
        }

        return (false, received.ToString());
    }
}
