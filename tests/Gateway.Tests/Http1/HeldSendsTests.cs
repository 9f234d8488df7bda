using System.Net.Sockets;
using System.Text;
using Gateway.Http1.Sockets;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http1;

/// <summary>
/// Sends held to the end of the socket engine's turn, through the whole core: many clients at once, each sending two
/// requests at a time, get every answer whole and in order. With inline socket completions (test.sh's core-path pass,
/// as the standalone host runs) the load makes the engine's batches large enough for turns, and the test goes on until
/// turns held sends (requests to the server, answers to clients), so both held paths carried some of the answers.
/// </summary>
public sealed class HeldSendsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private const int Clients = 32;
    private const int Exchanges = 25;
    private const int MaxRounds = 8;

    [Fact]
    public async Task ManyClientsAtOnce_EveryAnswerWholeAndInOrder_WhileTurnsHoldSends()
    {
        await using var server = new PathServer();
        await using var host = await GatewayTestHost.StartAsync(CoreToOneServer(server.Url));
        var held = SocketEngineTurn.HeldSends;

        for (var round = 0; round < MaxRounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => ClientAsync(host, round, client))).WaitAsync(Limit);
            if (!SocketEngineTurn.Enabled || SocketEngineTurn.HeldSends > held)
            {
                break;
            }
        }

        if (SocketEngineTurn.Enabled)
        {
            Assert.True(SocketEngineTurn.HeldSends > held, "no turn held a send: the load did not reach the held paths");
        }
    }

    /// <summary>One client: each exchange sends two requests at once and reads both answers, the first first.</summary>
    private static async Task ClientAsync(GatewayTestHost host, int round, int client)
    {
        using var socket = await RawClient.ConnectAsync(host);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        for (var exchange = 0; exchange < Exchanges; exchange++)
        {
            var first = $"/r{round}/c{client}/e{exchange}/a";
            var second = $"/r{round}/c{client}/e{exchange}/b";
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {first} HTTP/1.1\r\nHost: a\r\n\r\nGET {second} HTTP/1.1\r\nHost: a\r\n\r\n"));
            received.Clear();
            while (!received.ToString().EndsWith("path=" + second, StringComparison.Ordinal))
            {
                var got = await socket.ReceiveAsync(buffer);
                Assert.NotEqual(0, got);
                received.Append(Encoding.Latin1.GetString(buffer, 0, got));
            }

            var text = received.ToString();
            Assert.Equal(2, text.Split("HTTP/1.1 200 OK\r\n").Length - 1);
            var a = text.IndexOf("path=" + first, StringComparison.Ordinal);
            Assert.True(a > 0 && a < text.IndexOf("HTTP/1.1 200 OK\r\n", a, StringComparison.Ordinal), text);
        }
    }

    /// <summary>Answers each request with its path (<c>path=/x</c>), keeping the connection open.</summary>
    private sealed class PathServer : LoopbackSocketServer
    {
        public PathServer() => Start();

        protected override async Task ServeAsync(Socket socket, int connection)
        {
            using var _ = socket;
            var pending = new StringBuilder();
            var buffer = new byte[8192];
            try
            {
                while (await ReadHeadAsync(socket, pending, buffer) is { } head)
                {
                    var body = "path=" + head.Split(' ')[1];
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}"), Stopping);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
        }
    }
}
