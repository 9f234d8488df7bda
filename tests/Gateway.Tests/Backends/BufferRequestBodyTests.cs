using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Backends;

/// <summary>A cluster's <c>BufferRequestBody</c> (HAProxy's option http-buffer-request): a slowly sent body is received whole before any server sees the request.</summary>
public class BufferRequestBodyTests
{
    [Fact]
    public async Task ABufferingCluster_SendsNothingToItsServerUntilTheBodyIsIn_AStreamingOneSendsTheHeadersAtOnce()
    {
        await using var buffered = await BackendServer.StartAsync("buffered");
        await using var streamed = await BackendServer.StartAsync("streamed");
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener()],
            Clusters = [Cluster("b", buffered) with { BufferRequestBody = true }, Cluster("s", streamed)],
            Routes = [Route("buffered", "b", "/buffered/{**rest}"), Route("streamed", "s", "/streamed/{**rest}")],
        });

        using var toBuffered = await SendHalfABodyAsync(host, "/buffered/upload");
        using var toStreamed = await SendHalfABodyAsync(host, "/streamed/upload");
        await Eventually.TrueAsync(() => streamed.Requests == 1, "the streaming cluster's server has the request before its body is complete");
        await Task.Delay(500);

        Assert.Equal(0, buffered.Requests);
        await toBuffered.GetStream().WriteAsync(Encoding.ASCII.GetBytes(new string('b', 500)));
        var response = await ReadHeadAsync(toBuffered.GetStream());
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Equal(1, buffered.Requests);
    }

    [Fact]
    public async Task ABodyLargerThanTheBufferLimit_IsStreamed()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener()],
            Clusters = [Cluster("b", backend) with { BufferRequestBody = true, Retry = RetryConfig.Default with { BufferLimit = 600 } }],
            Routes = [Route("all", "b")],
        });

        using var client = await SendHalfABodyAsync(host, "/upload", contentLength: 1000);

        await Eventually.TrueAsync(() => backend.Requests == 1, "a body over the limit is not held back");
    }

    private static async Task<TcpClient> SendHalfABodyAsync(GatewayTestHost host, string path, int contentLength = 1000)
    {
        var url = host.Url("web");
        var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: example.test\r\nContent-Length: {contentLength}\r\n\r\n" + new string('a', contentLength / 2)));
        return client;
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await stream.ReadAsync(buffer, limit.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
