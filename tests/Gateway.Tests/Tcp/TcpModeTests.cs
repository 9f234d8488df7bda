using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Tcp;

namespace Gateway.Tests.Tcp;

public class TcpModeTests
{
    internal static GatewayConfig TcpConfig(params ServerConfig[] servers) => new()
    {
        Listeners = [new() { Id = "tcp", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "db" }],
        Clusters = [new() { Id = "db", Servers = servers }],
    };

    internal static ServerConfig Server(string id, string address, ServerState state = ServerState.Ready) => new() { Id = id, Address = address, State = state };

    internal static int Port(GatewayTestHost host, string listener = "tcp") => host.Url(listener).Port;

    [Fact]
    public async Task Moves_64_MiB_each_way_through_an_echo_server_unchanged()
    {
        await using var echo = TcpTestServer.Start("echo");
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", echo.Address)));
        using var client = await TcpTestClient.ConnectAsync(Port(host));
        const int chunk = 1024 * 1024;
        const int chunks = 64;

        var send = Task.Run(async () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var random = new Random(7);
            var buffer = new byte[chunk];
            for (var i = 0; i < chunks; i++)
            {
                random.NextBytes(buffer);
                hash.AppendData(buffer);
                await client.Socket.SendAsync(buffer);
            }

            client.Socket.Shutdown(SocketShutdown.Send);
            return hash.GetHashAndReset();
        });
        var receive = Task.Run(async () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = await client.Socket.ReceiveAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                total += n;
            }

            return (total, hash.GetHashAndReset());
        });

        var sent = await send.WaitAsync(TimeSpan.FromSeconds(120));
        var (received, receivedHash) = await receive.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal((long)chunk * chunks, received);
        Assert.Equal(Convert.ToHexString(sent), Convert.ToHexString(receivedHash));
        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();
        await Eventually.TrueAsync(() => traffic.Listener("tcp").Active == 0, "the session to end");
        Assert.Equal((long)chunk * chunks, traffic.Listener("tcp").BytesIn);
        Assert.Equal((long)chunk * chunks, traffic.Listener("tcp").BytesOut);
        Assert.Equal((long)chunk * chunks, traffic.Server("db", "a").BytesReceived);
        Assert.Equal(1, traffic.Listener("tcp").Connections);
    }

    [Fact]
    public async Task A_fin_from_the_client_reaches_the_server_and_its_answer_still_flows_back()
    {
        // The server answers only after the client's FIN: it counts what it got, then closes.
        await using var server = TcpTestServer.Start("counter", async socket =>
        {
            var buffer = new byte[1024];
            var total = 0;
            int n;
            while ((n = await socket.ReceiveAsync(buffer)) > 0)
            {
                total += n;
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes($"got {total} bytes then FIN"));
            socket.Shutdown(SocketShutdown.Send);
        });
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", server.Address)));
        using var client = await TcpTestClient.ConnectAsync(Port(host));

        await client.SendAsync("hello world");
        client.Socket.Shutdown(SocketShutdown.Send);

        Assert.Equal("got 11 bytes then FIN", await client.ReceiveToEndAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_sends_everything_and_half_closes_at_once_still_gets_its_answer(bool acceptProxy)
    {
        await using var echo = TcpTestServer.Start("echo");
        var config = TcpConfig(Server("a", echo.Address));
        config = config with { Listeners = [config.Listeners[0] with { AcceptProxy = acceptProxy }] };
        await using var host = await GatewayTestHost.StartAsync(config);

        for (var i = 0; i < 20; i++)
        {
            using var client = await TcpTestClient.ConnectAsync(Port(host));
            await client.SendAsync((acceptProxy ? "PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n" : "") + "request " + i);
            client.Socket.Shutdown(SocketShutdown.Send);

            Assert.Equal("request " + i, await client.ReceiveToEndAsync());
        }
    }

    [Fact]
    public async Task A_fin_from_the_server_reaches_the_client_and_the_client_can_still_send()
    {
        var late = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = TcpTestServer.Start("greeter", async socket =>
        {
            await socket.SendAsync("welcome"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);
            var received = new MemoryStream();
            var buffer = new byte[1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, n);
            }

            late.TrySetResult(Encoding.ASCII.GetString(received.ToArray()));
        });
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", server.Address)));
        using var client = await TcpTestClient.ConnectAsync(Port(host));

        Assert.Equal("welcome", await client.ReceiveToEndAsync());
        await client.SendAsync("sent after the server's FIN");
        client.Socket.Shutdown(SocketShutdown.Send);

        Assert.Equal("sent after the server's FIN", await late.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task An_idle_connection_is_closed_on_both_sides_after_the_idle_timeout()
    {
        var clock = new ManualTimeProvider();
        await using var echo = TcpTestServer.Start("echo");
        var config = TcpConfig(Server("a", echo.Address));
        config = config with { Listeners = [config.Listeners[0] with { IdleTimeout = TimeSpan.FromSeconds(30) }] };
        await using var host = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = await TcpTestClient.ConnectAsync(Port(host));
        await client.SendAsync("a");
        Assert.Equal("a", await client.ReceiveAsync(1));

        clock.Advance(TimeSpan.FromSeconds(20));
        await client.SendAsync("b");
        Assert.Equal("b", await client.ReceiveAsync(1));
        clock.Advance(TimeSpan.FromSeconds(20));

        // 40 s since the connection opened, but only 20 s since bytes last moved: still open.
        await client.SendAsync("c");
        Assert.Equal("c", await client.ReceiveAsync(1));
        Assert.Equal(1, echo.Active);

        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await client.ReceiveToEndAsync() is null or "");
        await Eventually.TrueAsync(() => echo.Active == 0, "the server's side to be closed");
        // The session's count drops as it finishes, which can be just after the sockets close.
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<TcpTrafficTable>().Listener("tcp").Active == 0, "the listener's session to end");
    }

    [Fact]
    public async Task When_every_server_is_down_the_client_is_closed_counted_and_logged_once()
    {
        var config = TcpConfig(Server("a", TcpTestServer.DeadAddress()), Server("b", TcpTestServer.DeadAddress()));
        await using var host = await GatewayTestHost.StartAsync(config);
        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await ClosedWithoutDataAsync(Port(host)));
        }

        // Sessions finish their bookkeeping as the client sees the close, so wait for it to settle.
        await Eventually.TrueAsync(() => traffic.Listener("tcp").NoServer == 3 && traffic.Listener("tcp").Active == 0, "the three sessions to be counted as ended");
        Assert.Equal(0, traffic.Listener("tcp").Connections);
        Assert.True(traffic.Server("db", "a").IsDown(DateTimeOffset.UtcNow));
        Assert.True(traffic.Server("db", "b").IsDown(DateTimeOffset.UtcNow));
        Assert.All(new[] { "a", "b" }, id => Assert.Equal(0, traffic.Server("db", id).Active));
        var logged = host.Logs.Entries.Where(e => e.Message.Contains("no server of cluster db could be reached", StringComparison.Ordinal)).ToList();
        Assert.Single(logged); // the next two fall within the log limiter's 10 s
        Assert.Equal(LogLevel.Warning, logged[0].Level);
        Assert.Single(host.Logs.Entries, e => e.Message.Contains("server a", StringComparison.Ordinal) && e.Message.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Round_robin_spreads_connections_over_two_servers()
    {
        await using var a = TcpTestServer.Start("a");
        await using var b = TcpTestServer.Start("b");
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", a.Address), Server("b", b.Address)));

        for (var i = 0; i < 10; i++)
        {
            await EchoOnceAsync(host);
        }

        Assert.Equal((5, 5), (a.Accepted, b.Accepted));
    }

    [Fact]
    public async Task A_dead_server_is_skipped_after_one_failed_connect()
    {
        await using var live = TcpTestServer.Start("live");
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("dead", TcpTestServer.DeadAddress()), Server("live", live.Address)));

        for (var i = 0; i < 4; i++)
        {
            await EchoOnceAsync(host);
        }

        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();
        Assert.Equal(4, live.Accepted);
        Assert.Equal(1, traffic.Server("db", "dead").ConnectFailures);
        Assert.Equal(4, traffic.Server("db", "live").Connections);
    }

    [Theory]
    [InlineData(ServerState.Maintenance)]
    [InlineData(ServerState.Drain)]
    public async Task Servers_not_ready_get_no_connections(ServerState state)
    {
        await using var a = TcpTestServer.Start("a");
        await using var b = TcpTestServer.Start("b");
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", a.Address, state), Server("b", b.Address)));

        for (var i = 0; i < 4; i++)
        {
            await EchoOnceAsync(host);
        }

        Assert.Equal((0, 4), (a.Accepted, b.Accepted));
    }

    [Theory]
    [InlineData("least-requests")]
    [InlineData("power-of-two-choices")]
    public async Task Balancing_by_active_connections_prefers_the_idle_server(string algorithm)
    {
        await using var a = TcpTestServer.Start("a");
        await using var b = TcpTestServer.Start("b");
        var config = TcpConfig(Server("a", a.Address), Server("b", b.Address));
        config = config with { Clusters = [config.Clusters[0] with { LoadBalancing = algorithm }] };
        await using var host = await GatewayTestHost.StartAsync(config);

        // One connection held open; with two servers both algorithms must send the next one elsewhere.
        using var held = await TcpTestClient.ConnectAsync(Port(host));
        await held.SendAsync("x");
        Assert.Equal("x", await held.ReceiveAsync(1));
        var busy = a.Active == 1 ? a : b;
        var idle = busy == a ? b : a;

        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();
        for (var i = 0; i < 3; i++)
        {
            await EchoOnceAsync(host);
            // The echo's session ends just after its client sees the close; until then it still counts as active.
            await Eventually.TrueAsync(() => traffic.Listener("tcp").Active == 1, "only the held connection to be active");
        }

        Assert.Equal((1, 3), (busy.Accepted, idle.Accepted));
    }

    /// <summary>Connects and reads to the end; the gateway's close can be so quick that the reset is reported by the connect itself.</summary>
    internal static async Task<bool> ClosedWithoutDataAsync(int port)
    {
        try
        {
            using var client = await TcpTestClient.ConnectAsync(port);
            return await client.ReceiveToEndAsync() is null or "";
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    internal static async Task EchoOnceAsync(GatewayTestHost host, string listener = "tcp")
    {
        using var client = await TcpTestClient.ConnectAsync(Port(host, listener));
        await client.SendAsync("ping");
        Assert.Equal("ping", await client.ReceiveAsync(4));
        client.Socket.Shutdown(SocketShutdown.Send);
        Assert.Equal("", await client.ReceiveToEndAsync());
    }
}
