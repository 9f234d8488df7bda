using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

/// <summary>A listener's request header timeout cuts a client that sends its headers too slowly (slowloris).</summary>
public class RequestHeaderTimeoutTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task HeadersThatNeverFinish_AreCutAtTheListenersTimeout_NotKestrels30Seconds()
    {
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = TimeSpan.FromSeconds(1) }] });
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: example.test\r\nX-Slow: "));
        var watch = Stopwatch.StartNew();

        var closed = await ReadUntilClosedAsync(stream);

        Assert.True(closed, $"the connection is closed within {Bound.TotalSeconds} s");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"cut after {watch.Elapsed.TotalSeconds:0.0} s, long before Kestrel's 30 s");
    }

    [Fact]
    public async Task AWholeRequest_IsAnswered_AndThenAnIdleKeepAliveConnectionIsCutToo()
    {
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = TimeSpan.FromSeconds(1) }] });
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: example.test\r\n\r\n"));

        var response = await ReadSomeAsync(stream);
        var closed = await ReadUntilClosedAsync(stream);

        Assert.StartsWith("HTTP/1.1 404", response, StringComparison.Ordinal);
        Assert.True(closed, "the idle keep-alive connection is closed after the timeout");
    }

    [Fact]
    public void RequestHeaderTimeout_OutOfRange_IsRefusedWithItsPath()
    {
        var errors = Gateway.Core.Validation.ConfigValidator.Validate(new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = TimeSpan.FromDays(1) }] });

        Assert.Contains(errors, e => e.Path == "listeners[web].requestHeaderTimeout");
    }

    private static async Task<TcpClient> ConnectAsync(GatewayTestHost host)
    {
        var url = host.Url("web");
        var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        return client;
    }

    private static async Task<string> ReadSomeAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(Bound);
        var read = await stream.ReadAsync(buffer, limit.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static async Task<bool> ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(Bound);
        try
        {
            while (await stream.ReadAsync(buffer, limit.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true; // reset by the server
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
