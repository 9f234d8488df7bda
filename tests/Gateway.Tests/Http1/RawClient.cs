using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Common;

namespace Gateway.Tests.Http1;

/// <summary>A client on a raw socket for the core's tests: what it sends and receives is exactly the bytes on the wire.</summary>
internal static class RawClient
{
    /// <summary>Connects to the host's <c>web</c> listener; a small receive buffer keeps a large answer out of the kernel until read.</summary>
    public static async Task<Socket> ConnectAsync(GatewayTestHost host, int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(IPAddress.Loopback, host.Url("web").Port);
        return socket;
    }

    /// <summary>Everything received until the gateway closes the connection, each receive bounded by <paramref name="limit"/>.</summary>
    public static async Task<byte[]> ReceiveToEndAsync(Socket socket, TimeSpan limit)
    {
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var got = await socket.ReceiveAsync(buffer).WaitAsync(limit);
            if (got == 0)
            {
                return received.ToArray();
            }

            received.Write(buffer, 0, got);
        }
    }
}
