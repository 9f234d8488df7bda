using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Http1.Proxy;
using Gateway.Http1.Transport;
using Gateway.Model;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http1;

/// <summary>
/// The core's own client transport (<see cref="GatewayOptions.CoreClientSockets"/>), on in these tests whatever the
/// test pass: a plain core listener's connections are accepted by it and served on the socket; a request the core hands
/// to Kestrel after reading it reaches Kestrel whole; a client that resets while its server is slow is noticed (on the
/// heartbeat) and the server connection closed; with the option off, Kestrel's transport accepts everything.
/// </summary>
public sealed class ClientSocketTransportTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static Task<GatewayTestHost> StartAsync(string serverUrl, bool clientSockets) =>
        GatewayTestHost.StartAsync(CoreToOneServer(serverUrl), services: s => s.PostConfigure<GatewayOptions>(o => o.CoreClientSockets = clientSockets));

    [Fact]
    public async Task PipelinedRequests_OnAPlainCoreListener_AreServedOnTheCoresOwnConnection()
    {
        await using var server = new HoldingServer(hold: false);
        await using var host = await StartAsync(server.Url, clientSockets: true);
        var transport = host.Services.GetRequiredService<ClientSocketTransportFactory>();
        var accepted = transport.AcceptedCount;
        using var client = await ConnectAsync(host);

        await client.SendAsync("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray());
        var text = Encoding.Latin1.GetString(await ReceiveToEndAsync(client));

        Assert.Equal(accepted + 1, transport.AcceptedCount);
        Assert.Equal(2, text.Split("HTTP/1.1 200 OK\r\n").Length - 1);
        Assert.True(text.IndexOf("/one", StringComparison.Ordinal) < text.IndexOf("/two", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task ARequestTheCoreHandsOn_AfterReadingIt_ReachesKestrelWhole()
    {
        await using var server = new HoldingServer(hold: false);
        await using var host = await StartAsync(server.Url, clientSockets: true);
        var core = host.Services.GetRequiredService<Http1Services>();
        var handedOff = core.HandedOff;
        using var client = await ConnectAsync(host);

        // Pipelined: the core serves the first and has read the HTTP/1.0 one behind it, which Kestrel (and YARP) serve.
        await client.SendAsync("GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.0\r\nHost: a\r\n\r\n"u8.ToArray());
        var text = Encoding.Latin1.GetString(await ReceiveToEndAsync(client));

        Assert.Equal(handedOff + 1, core.HandedOff);
        Assert.Contains("path=/first", text, StringComparison.Ordinal);
        Assert.Contains("path=/second", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split(" 200 OK\r\n").Length - 1);
    }

    [Fact]
    public async Task AClientThatResets_WhileItsServerIsSlow_IsNoticed_AndTheServerConnectionIsClosed()
    {
        await using var server = new HoldingServer(hold: true);
        await using var host = await StartAsync(server.Url, clientSockets: true);
        using (var client = await ConnectAsync(host))
        {
            await client.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
            await Eventually.TrueAsync(() => server.Held >= 1, "the request at the server", Limit);
            client.LingerState = new LingerOption(true, 0);
            client.Close(); // a reset, while nothing reads the client's socket
        }

        // Kestrel's receive loop saw a reset at once; here the heartbeat sees it within a second or two.
        await Eventually.TrueAsync(() => server.ClosedByGateway >= 1, "the server connection closed by the gateway", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WithTheOptionOff_KestrelsTransportAcceptsTheConnections()
    {
        await using var server = new HoldingServer(hold: false);
        await using var host = await StartAsync(server.Url, clientSockets: false);
        var transport = host.Services.GetRequiredService<ClientSocketTransportFactory>();
        using var client = await ConnectAsync(host);

        await client.SendAsync("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray());
        var text = Encoding.Latin1.GetString(await ReceiveToEndAsync(client));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Equal(0, transport.AcceptedCount);
    }

    private static Task<Socket> ConnectAsync(GatewayTestHost host) => RawClient.ConnectAsync(host);

    private static Task<byte[]> ReceiveToEndAsync(Socket socket) => RawClient.ReceiveToEndAsync(socket, Limit);

    /// <summary>
    /// Answers each request with its path (<c>path=/x</c>), or, holding, never answers and counts the connections the
    /// gateway closed while it held them.
    /// </summary>
    private sealed class HoldingServer : LoopbackSocketServer
    {
        private readonly bool _hold;
        private int _held;
        private int _closed;

        public HoldingServer(bool hold)
        {
            _hold = hold;
            Start();
        }

        public int Held => Volatile.Read(ref _held);

        public int ClosedByGateway => Volatile.Read(ref _closed);

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
                    if (_hold)
                    {
                        Interlocked.Increment(ref _held);
                        var got = await socket.ReceiveAsync(buffer, Stopping); // the gateway's close ends this
                        if (got == 0)
                        {
                            Interlocked.Increment(ref _closed);
                        }

                        return;
                    }

                    var body = "path=" + path;
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}"), Stopping);
                }
            }
            catch (SocketException)
            {
                if (_hold)
                {
                    Interlocked.Increment(ref _closed);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
