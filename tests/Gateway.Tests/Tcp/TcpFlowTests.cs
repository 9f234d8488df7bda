using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Tcp;
using static Gateway.Tests.Tcp.TcpModeTests;

namespace Gateway.Tests.Tcp;

/// <summary>TCP mode when a server is slow: to accept a connection, or to read what it is sent.</summary>
public class TcpFlowTests
{
    [Fact]
    public async Task A_server_that_does_not_accept_within_the_connect_timeout_is_left_for_the_next()
    {
        var clock = new ManualTimeProvider();
        using var stalled = StalledListener.Start();
        await using var backup = TcpTestServer.Start("backup");
        var config = TcpConfig(Server("stalled", stalled.Address), Server("backup", backup.Address) with { Backup = true });
        config = config with { Clusters = [config.Clusters[0] with { ConnectTimeout = TimeSpan.FromSeconds(2) }] };
        await using var host = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(clock));

        using var client = await TcpTestClient.ConnectAsync(Port(host));
        await client.SendAsync("hello");
        await Eventually.TrueAsync(() => clock.PendingTimers > 0, "the connect to the stalled server to wait on its timeout");
        Assert.Equal(0, backup.Accepted);

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("hello", await client.ReceiveAsync(5));
        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();
        Assert.Equal(1, traffic.Server("db", "stalled").ConnectFailures);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("no connection within 2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_stops_reading_holds_the_client_back_instead_of_filling_the_gateway()
    {
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long received = 0;
        await using var sink = TcpTestServer.Start("sink", async socket =>
        {
            await reading.Task;
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer)) > 0)
            {
                Interlocked.Add(ref received, n);
            }
        });
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("sink", sink.Address)));
        using var client = await TcpTestClient.ConnectAsync(Port(host));

        var sent = await SendUntilStalledAsync(client.Socket, limit: 512L * 1024 * 1024);

        // Without back-pressure the gateway would read all 512 MiB into memory. With it, what was sent
        // fits in the socket buffers on the way (a few MiB each on loopback) and the pipes' thresholds.
        Assert.True(sent < 64L * 1024 * 1024, $"the client could send {sent:N0} bytes to a server that reads nothing");

        reading.SetResult();
        client.Socket.Shutdown(SocketShutdown.Send);
        await Eventually.TrueAsync(() => Interlocked.Read(ref received) == sent, "every byte to reach the server once it reads", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_session_stuck_sending_to_a_server_that_reads_nothing_still_ends_at_the_idle_timeout()
    {
        var clock = new ManualTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sink = TcpTestServer.Start("sink", _ => release.Task);
        var config = TcpConfig(Server("sink", sink.Address));
        config = config with { Listeners = [config.Listeners[0] with { IdleTimeout = TimeSpan.FromSeconds(30) }] };
        await using var host = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = await TcpTestClient.ConnectAsync(Port(host));

        // The gateway is now blocked sending to the server, which reads nothing; no byte moves any more.
        await SendUntilStalledAsync(client.Socket, limit: 512L * 1024 * 1024);
        clock.Advance(TimeSpan.FromSeconds(31));

        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();
        await Eventually.TrueAsync(() => traffic.Listener("tcp").Active == 0, "the stuck session to end at the idle timeout");
        Assert.True(await client.ReceiveToEndAsync() is null or "");
        release.SetResult();
    }

    /// <summary>Sends without blocking until the connection takes nothing for a while (or the limit is reached).</summary>
    private static async Task<long> SendUntilStalledAsync(Socket socket, long limit)
    {
        socket.Blocking = false;
        var chunk = new byte[256 * 1024];
        long sent = 0;
        var idleRounds = 0;
        while (sent < limit && idleRounds < 40)
        {
            var n = socket.Send(chunk, 0, chunk.Length, SocketFlags.None, out var error);
            if (error is SocketError.WouldBlock || n == 0)
            {
                idleRounds++;
                await Task.Delay(50);
                continue;
            }

            Assert.Equal(SocketError.Success, error);
            sent += n;
            idleRounds = 0;
        }

        socket.Blocking = true;
        return sent;
    }

    /// <summary>
    /// A listening socket whose accept queue is full and never drained: the kernel drops further
    /// connection attempts, so connecting to it neither succeeds nor fails until the caller gives up.
    /// </summary>
    private sealed class StalledListener : IDisposable
    {
        private readonly Socket _listener;
        private readonly List<Socket> _fillers = [];

        private StalledListener(Socket listener) => _listener = listener;

        public string Address => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

        public static StalledListener Start()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            var stalled = new StalledListener(listener);
            // Linux queues backlog + 1 connections; fill the queue until an attempt no longer completes.
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                stalled._fillers.Add(filler);
                try
                {
                    filler.Connect(listener.LocalEndPoint!);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                {
                    if (!filler.Poll(200_000, SelectMode.SelectWrite))
                    {
                        return stalled;
                    }
                }
            }

            throw new InvalidOperationException("The listener's accept queue never filled up.");
        }

        public void Dispose()
        {
            foreach (var filler in _fillers)
            {
                filler.Dispose();
            }

            _listener.Dispose();
        }
    }
}
