using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Http1.Proxy;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http1;

/// <summary>
/// What the core writes to a client, through the client's socket itself on a plain TCP connection: a large answer to a
/// client that reads late arrives whole before the connection closes, a hand-off to Kestrel after one keeps the order,
/// and a client gone in the middle of one ends the exchange (the server connection is closed, not left sending).
/// </summary>
public sealed class ClientOutputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static GatewayConfig Config(BulkServer server) => CoreToOneServer(server.Url);

    [Fact]
    public async Task ALargeAnswerWithConnectionClose_ToAClientThatReadsLate_ArrivesWhole_ThenTheConnectionEnds()
    {
        await using var server = new BulkServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));
        using var client = await ConnectAsync(host);

        await client.SendAsync("GET /bytes/4000000 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray());
        await Task.Delay(300); // not reading yet: the core's flush has to wait for this client
        var received = await ReceiveToEndAsync(client);

        var (head, body) = Split(received, 0);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", head, StringComparison.Ordinal);
        Assert.Equal(BulkServer.Body(4_000_000), body);
    }

    [Fact]
    public async Task AHandOffToKestrel_AfterALargeAnswer_KeepsTheOrder()
    {
        await using var server = new BulkServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));
        var core = host.Services.GetRequiredService<Http1Services>();
        var handedOff = core.HandedOff;
        using var client = await ConnectAsync(host);

        // Pipelined: the core serves the first, Kestrel (and YARP) the HTTP/1.0 one, which it closes after.
        await client.SendAsync("GET /bytes/2000000 HTTP/1.1\r\nHost: a\r\n\r\nGET /bytes/10 HTTP/1.0\r\nHost: a\r\n\r\n"u8.ToArray());
        await Task.Delay(300);
        var received = await ReceiveToEndAsync(client);

        var (head, body) = Split(received, 0, 2_000_000);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Equal(BulkServer.Body(2_000_000), body);
        var secondStart = head.Length + 2_000_000;
        var (secondHead, secondBody) = Split(received, secondStart);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", secondHead, StringComparison.Ordinal);
        Assert.Equal(BulkServer.Body(10), secondBody);
        Assert.Equal(handedOff + 1, core.HandedOff);
    }

    [Fact]
    public async Task AClientGoneInTheMiddleOfALargeAnswer_EndsTheExchange_AndTheServerConnectionIsClosed()
    {
        await using var server = new BulkServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));
        using (var client = await ConnectAsync(host))
        {
            await client.SendAsync("GET /bytes/200000000 HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
            var first = new byte[1024];
            Assert.True(await client.ReceiveAsync(first).WaitAsync(Limit) > 0);
            await Task.Delay(300); // the core is now waiting for this client to read
            client.LingerState = new LingerOption(true, 0);
            client.Close(); // a reset
        }

        // The core's send fails, its relay ends and the server connection that still had most of the body is closed.
        await Eventually.TrueAsync(() => server.Broken >= 1, "the server connection closed by the gateway", Limit);

        using var next = await ConnectAsync(host);
        await next.SendAsync("GET /bytes/5 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray());
        var (head, body) = Split(await ReceiveToEndAsync(next), 0);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Equal(BulkServer.Body(5), body);
    }

    // A small receive buffer, so a large answer cannot sit in the kernel before the client reads.
    private static Task<Socket> ConnectAsync(GatewayTestHost host) => RawClient.ConnectAsync(host, 16 * 1024);

    private static Task<byte[]> ReceiveToEndAsync(Socket socket) => RawClient.ReceiveToEndAsync(socket, Limit);

    /// <summary>The head (with its blank line) starting at <paramref name="start"/>, and the body its Content-Length says.</summary>
    private static (string Head, byte[] Body) Split(byte[] bytes, int start, int? expectedLength = null)
    {
        var text = Encoding.Latin1.GetString(bytes, start, Math.Min(bytes.Length - start, 4096));
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end >= 0, "no whole head");
        var head = text[..(end + 4)];
        var lengthLine = head.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (expectedLength is { } expected)
        {
            Assert.Equal(expected, length);
        }

        Assert.True(bytes.Length - start - head.Length >= length, "the body was cut short");
        return (head, bytes.AsSpan(start + head.Length, length).ToArray());
    }

    /// <summary>
    /// A server on raw sockets that answers <c>GET /bytes/N</c> with N bytes of a known pattern, and counts the
    /// connections whose answer could not be sent to the end (the gateway closed them).
    /// </summary>
    private sealed class BulkServer : LoopbackSocketServer
    {
        private int _broken;

        public BulkServer()
        {
            Start();
        }

        public int Broken => Volatile.Read(ref _broken);

        public static byte[] Body(int length)
        {
            var bytes = new byte[length];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)('a' + (i % 26));
            }

            return bytes;
        }

        protected override async Task ServeAsync(Socket socket, int connection)
        {
            using var _ = socket;
            var pending = new StringBuilder();
            var buffer = new byte[8192];
            try
            {
                while (true)
                {
                    if (await ReadHeadAsync(socket, pending, buffer) is not { } head)
                    {
                        return;
                    }

                    var path = head.Split(' ')[1];
                    var length = int.Parse(path["/bytes/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n"), Stopping);
                    var block = Body(26 * 2520); // a whole number of pattern periods, so blocks follow on
                    for (var sent = 0; sent < length; sent += block.Length)
                    {
                        await socket.SendAsync(block.AsMemory(0, Math.Min(block.Length, length - sent)), Stopping);
                    }
                }
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _broken);
            }
            catch (OperationCanceledException)
            {
            }
        }

    }
}
