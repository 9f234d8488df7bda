using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Tests.Backends;

/// <summary>
/// A server on raw sockets that answers the first request of each connection with <c>200 ok</c>, keeping the connection
/// open, then reads the second request whole (head and Content-Length body) and closes the connection without a word:
/// the keep-alive race, where a server times out an idle connection just as a proxy sends a request on it, made certain.
/// Records each request line it read, with the number of its connection.
/// </summary>
internal sealed class ClosesSecondRequestServer : LoopbackSocketServer
{
    public ClosesSecondRequestServer()
    {
        Start();
    }

    /// <summary>Request lines read, each as "connection number: request line", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    protected override async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        var pending = new List<byte>();
        try
        {
            for (var request = 1; request <= 2; request++)
            {
                if (await ReadRequestAsync(socket, pending) is not { } line)
                {
                    return;
                }

                Requests.Enqueue($"{connection}: {line}");
                if (request == 1)
                {
                    await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
                }
            }
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Reads one request (head, then a Content-Length body) from <paramref name="pending"/> and the socket; its request line, or null at the end.</summary>
    private static async Task<string?> ReadRequestAsync(Socket socket, List<byte> pending)
    {
        var buffer = new byte[8192];
        int end;
        while ((end = Encoding.ASCII.GetString([.. pending]).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        var head = Encoding.ASCII.GetString([.. pending.GetRange(0, end)]);
        var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        while (pending.Count < end + 4 + length)
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        pending.RemoveRange(0, end + 4 + length);
        return head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
    }
}
