using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

/// <summary>
/// An answer the gateway gives before reading a request's body, on a connection it then closes, reaches a client that is
/// still sending that body (RFC 9112 §9.6, lingering close) instead of being lost to a reset.
/// </summary>
public class LingeringCloseTests
{
    [Fact]
    public async Task ADenyAnswer_ReachesAClientStillSendingItsBody()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener() with { Rules = "http-request deny deny_status 403 if { path_beg /denied }" }],
            Routes = [Route("all", "app")],
            Clusters = [Cluster("app", backend)],
        });
        const int bodyLength = 512 * 1024;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.Url("web").Port);

        await socket.SendAsync(Encoding.ASCII.GetBytes($"POST /denied HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: {bodyLength}\r\n\r\n"));
        var chunk = new byte[16 * 1024];
        try
        {
            for (var sent = 0; sent < bodyLength; sent += chunk.Length)
            {
                await socket.SendAsync(chunk);
            }
        }
        catch (SocketException)
        {
            // The answer may have come and the gateway stopped reading: the response must still be there to read.
        }

        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // Until the answer's head is in: the Kestrel path may keep the connection open after it drained the body.
            int read;
            while (!Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal)
                && (read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && received.Length > 0)
        {
            // A reset after the answer was read costs nothing.
        }

        Assert.StartsWith("HTTP/1.1 403 ", Encoding.ASCII.GetString(received.ToArray()), StringComparison.Ordinal);
    }
}
