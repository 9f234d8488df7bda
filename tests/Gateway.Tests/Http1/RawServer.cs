using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Tests.Http1;

/// <summary>
/// A server on raw sockets that records what reaches it: connections accepted, and each request's bytes as they came.
/// It reads a head, then a Content-Length or chunked body, and answers <c>200 ok</c>; a connection whose request it
/// cannot frame is closed. For what an HTTP server library would hide: whether a connection was reused, and exactly
/// which bytes were forwarded.
/// </summary>
public sealed class RawServer : LoopbackSocketServer
{
    private readonly bool _closeAfterAnswer;

    /// <param name="closeAfterAnswer">Close each connection right after its first answer, without saying so (no <c>Connection: close</c>), as a server that times out idle connections at once would.</param>
    public RawServer(bool closeAfterAnswer = false)
    {
        _closeAfterAnswer = closeAfterAnswer;
        Start();
    }

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Connections that ended because the peer closed them or sent what could not be framed.</summary>
    public int Closed => Volatile.Read(ref _closed);

    private int _closed;

    protected override async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        var pending = new List<byte>();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = IndexOf(pending, "\r\n\r\n"u8.ToArray())) < 0)
                {
                    if (!await ReadMoreAsync(socket, pending, buffer))
                    {
                        return;
                    }
                }

                var head = Encoding.ASCII.GetString([.. pending.GetRange(0, headEnd + 4)]);
                var length = headEnd + 4;
                if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
                {
                    int end;
                    while ((end = IndexOf(pending, "\r\n0\r\n\r\n"u8.ToArray(), headEnd)) < 0)
                    {
                        if (!await ReadMoreAsync(socket, pending, buffer))
                        {
                            return;
                        }
                    }

                    length = end + 7;
                }
                else if (ContentLength(head) is { } body)
                {
                    while (pending.Count < length + body)
                    {
                        if (!await ReadMoreAsync(socket, pending, buffer))
                        {
                            return;
                        }
                    }

                    length += body;
                }

                Requests.Enqueue(Encoding.ASCII.GetString([.. pending.GetRange(0, length)]));
                pending.RemoveRange(0, length);
                await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"u8.ToArray());
                if (_closeAfterAnswer)
                {
                    return;
                }
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            Interlocked.Increment(ref _closed);
        }
    }

    private static async Task<bool> ReadMoreAsync(Socket socket, List<byte> pending, byte[] buffer)
    {
        var read = await socket.ReceiveAsync(buffer);
        if (read == 0)
        {
            return false;
        }

        pending.AddRange(buffer.AsSpan(0, read).ToArray());
        return true;
    }

    private static int? ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static int IndexOf(List<byte> bytes, byte[] pattern, int from = 0)
    {
        for (var i = from; i <= bytes.Count - pattern.Length; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = bytes[i + j] == pattern[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
