using System.Net;
using System.Net.Sockets;
using Gateway.Http1.Pool;
using Gateway.Http1.Sockets;

namespace Gateway.Tests.Http1;

/// <summary>
/// A request sent on a server connection: tried as a plain send on its non-blocking socket, and carried on
/// asynchronously when the kernel cannot take it all; failures and cancellation are reported as an asynchronous send's.
/// A request without a body sent while the engine's turn runs its receives is held to the turn's end
/// (<see cref="SocketEngineTurn.HoldingSends"/> runs code as a turn does): copied, sent then, dropped by a close, and a
/// failure of its send shuts the connection down so the answer's read ends.
/// </summary>
public sealed class ServerConnectionSendTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SmallRequest_IsSentAtOnce()
    {
        await using var pair = await ServerPair.OpenAsync();
        var request = "GET / HTTP/1.1\r\nHost: s\r\n\r\n"u8.ToArray();

        var send = pair.Connection.SendAllAsync(request, CancellationToken.None);

        Assert.True(send.IsCompletedSuccessfully); // the kernel took it whole: no wait, no asynchronous send
        Assert.Equal(request, await pair.ReceiveAsync(request.Length));
    }

    [Fact]
    public async Task LargeRequest_ServerNotReading_WaitsThenArrivesWholeInOrder()
    {
        await using var pair = await ServerPair.OpenAsync();
        var body = new byte[4 * 1024 * 1024];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i * 7 % 253);
        }

        var send = pair.Connection.SendAllAsync(body, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(send.IsCompleted); // part went at once, the rest waits for the server to read

        var received = await pair.ReceiveAsync(body.Length);
        await send.WaitAsync(Limit);
        Assert.Equal(body, received);
    }

    [Fact]
    public async Task ServerReset_TheSendFailsWithTheSocketsError()
    {
        await using var pair = await ServerPair.OpenAsync();
        pair.Server.LingerState = new LingerOption(true, 0);
        pair.Server.Close(); // a reset
        await Task.Delay(50);

        // The first send after a reset may still be taken (the reset then answers it); a later one fails.
        var failure = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await pair.Connection.SendAllAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), CancellationToken.None);
                await Task.Delay(10);
            }
        });
        Assert.Contains(failure.SocketErrorCode, new[] { SocketError.ConnectionReset, SocketError.Shutdown, SocketError.ConnectionAborted });
    }

    [Fact]
    public async Task CancelledToken_IsCancelled_NothingSent()
    {
        await using var pair = await ServerPair.OpenAsync();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var send = pair.Connection.SendAllAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), cancel.Token);

        Assert.True(send.IsCanceled);
        pair.Connection.Close(); // a FIN: the server reads the end of the stream, and nothing before it
        Assert.Equal(0, await pair.Server.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(Limit));
    }

    [Fact]
    public async Task RequestWithoutBody_WhileATurnRuns_IsHeldToItsEnd_AsACopy()
    {
        await using var pair = await ServerPair.OpenAsync();
        var request = "GET /held HTTP/1.1\r\nHost: s\r\n\r\n"u8.ToArray();
        var expected = request.ToArray();

        SocketEngineTurn.HoldingSends(() =>
        {
            Assert.True(AtOnce(pair.Connection.SendAllAsync(request, CancellationToken.None, mayHold: true))); // held: complete for the caller
            request.AsSpan().Fill((byte)'x'); // the caller's buffer goes back at once (the head writer's does)
            Thread.Sleep(20);
            Assert.Equal(0, pair.Server.Available); // nothing went yet
        });

        Assert.Equal(expected, await pair.ReceiveAsync(expected.Length));
    }

    [Fact]
    public async Task MayNotHold_OrNoTurn_IsSentAtOnce()
    {
        await using var pair = await ServerPair.OpenAsync();
        var request = "GET / HTTP/1.1\r\nHost: s\r\n\r\n"u8.ToArray();

        SocketEngineTurn.HoldingSends(() =>
        {
            Assert.True(AtOnce(pair.Connection.SendAllAsync(request, CancellationToken.None))); // a head a body follows
            Assert.Equal(request, pair.ReceiveAsync(request.Length).GetAwaiter().GetResult()); // there before the turn's end
        });
        Assert.True(AtOnce(pair.Connection.SendAllAsync(request, CancellationToken.None, mayHold: true))); // no turn runs
        Assert.Equal(request, await pair.ReceiveAsync(request.Length));
    }

    [Fact]
    public async Task MoreAfterAHeldRequest_GoesAfterIt()
    {
        await using var pair = await ServerPair.OpenAsync();
        var first = "GET /1 HTTP/1.1\r\n\r\n"u8.ToArray();
        var second = "GET /2 HTTP/1.1\r\n\r\n"u8.ToArray();
        var sending = Task.CompletedTask;

        SocketEngineTurn.HoldingSends(() =>
        {
            Assert.True(AtOnce(pair.Connection.SendAllAsync(first, CancellationToken.None, mayHold: true)));
            sending = pair.Connection.SendAllAsync(second, CancellationToken.None).AsTask(); // the held one goes first
        });

        await sending.WaitAsync(Limit);
        var expected = first.Concat(second).ToArray();
        Assert.Equal(expected, await pair.ReceiveAsync(expected.Length));
    }

    [Fact]
    public async Task Close_BeforeTheTurnsEnd_DropsTheHeldRequest()
    {
        await using var pair = await ServerPair.OpenAsync();

        SocketEngineTurn.HoldingSends(() =>
        {
            Assert.True(AtOnce(pair.Connection.SendAllAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), CancellationToken.None, mayHold: true)));
            pair.Connection.Close(); // the turn's end then sends nothing, and does not throw
        });

        Assert.Equal(0, await pair.Server.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(Limit)); // a FIN, nothing before it
        Assert.False(pair.Connection.HeldSendFailed);
    }

    [Fact]
    public async Task HeldRequest_ServerReset_HeldSendFailed_AndTheAnswersReadEnds()
    {
        await using var pair = await ServerPair.OpenAsync();
        pair.Server.LingerState = new LingerOption(true, 0);
        pair.Server.Close(); // a reset
        await Task.Delay(50);

        // The first send after a reset may still be taken (the reset then answers it); a later one fails.
        for (var i = 0; i < 50 && !pair.Connection.HeldSendFailed; i++)
        {
            SocketEngineTurn.HoldingSends(() =>
                Assert.True(AtOnce(pair.Connection.SendAllAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), CancellationToken.None, mayHold: true))));
            await Task.Delay(10);
        }

        Assert.True(pair.Connection.HeldSendFailed);
        // The answer's read ends (the socket was shut down): the end of the stream, or the reset itself.
        try
        {
            var read = await pair.Connection.Input.ReadAsync().AsTask().WaitAsync(Limit);
            Assert.True(read.IsCompleted);
        }
        catch (Exception e) when (e is IOException or SocketException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
        }

        await Assert.ThrowsAsync<SocketException>(async () => await pair.Connection.SendAllAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), CancellationToken.None));
    }

    /// <summary>Whether a send completed without waiting (consumed here, once).</summary>
    private static bool AtOnce(ValueTask send)
    {
        var done = send.IsCompletedSuccessfully;
        if (done)
        {
            send.GetAwaiter().GetResult();
        }

        return done;
    }

    private sealed class ServerPair : IAsyncDisposable
    {
        private ServerPair(TcpListener listener, ServerConnection connection, Socket server)
        {
            Listener = listener;
            Connection = connection;
            Server = server;
        }

        public TcpListener Listener { get; }

        public ServerConnection Connection { get; }

        /// <summary>The server's end of the connection, read raw.</summary>
        public Socket Server { get; }

        public static async Task<ServerPair> OpenAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var accepting = listener.AcceptSocketAsync();
            var connection = await ServerPools.ConnectAsync($"127.0.0.1:{port}", "127.0.0.1", port, Limit, CancellationToken.None);
            var server = await accepting.WaitAsync(Limit);
            server.ReceiveBufferSize = 32 * 1024; // small: a large request must wait for the server to read
            return new ServerPair(listener, connection, server);
        }

        public async Task<byte[]> ReceiveAsync(int count)
        {
            var buffer = new byte[count];
            var received = 0;
            while (received < count)
            {
                var n = await Server.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None).AsTask().WaitAsync(Limit);
                Assert.NotEqual(0, n);
                received += n;
            }

            return buffer;
        }

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            Server.Dispose();
            Listener.Stop();
        }
    }
}
