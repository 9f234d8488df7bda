using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Tests.Common;
using Gateway.Tests.Tcp;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Status;
using Gateway.Tcp;
using static Gateway.Tests.Tcp.TcpModeTests;

namespace Gateway.Tests.Health;

/// <summary>Connect checks of clusters of tcp:// servers, on a manual clock, against real sockets.</summary>
public sealed class TcpHealthCheckTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_server_that_stops_listening_goes_down_after_fall_gets_no_connections_and_comes_back_after_rise()
    {
        await using var live = TcpTestServer.Start("live");
        using var flaky = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        flaky.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        flaky.Listen(16);
        var flakyPort = ((IPEndPoint)flaky.LocalEndPoint!).Port;
        var config = TcpConfig(Server("flaky", $"tcp://127.0.0.1:{flakyPort}"), Server("live", live.Address));
        config = config with { Clusters = [config.Clusters[0] with { HealthCheck = new() { Interval = Interval, Rise = 2, Fall = 2 } }] };
        await using var host = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(_clock));
        var status = host.Services.GetRequiredService<IServerStatusTable>();
        ServerStatus Flaky() => status.GetCluster("db")!.Servers.Single(s => s.Id == "flaky");

        await Eventually.TrueAsync(() => Flaky().Health.Status == ServerHealthStatus.Up, "the first check, at start");
        flaky.Close();
        await CheckRoundAsync(host);
        var afterOneFailure = Flaky();
        await CheckRoundAsync(host);
        var down = Flaky();

        var traffic = host.Services.GetRequiredService<TcpTrafficTable>();
        for (var i = 0; i < 4; i++)
        {
            await EchoOnceAsync(host);
        }

        Assert.Equal((ServerHealthStatus.Up, 1), (afterOneFailure.Health.Status, afterOneFailure.Health.ConsecutiveFailures));
        Assert.Equal((ServerHealthStatus.Down, false), (down.Health.Status, down.TakesNewTraffic));
        Assert.Equal("connection failed: ConnectionRefused", down.Health.LastFailure);
        Assert.Equal(1, status.GetCluster("db")!.AvailableServers);
        // Never even tried: the active check had taken it out before any client came. (live.Accepted also counts the checks' connects.)
        Assert.Equal((0L, 0L, 4L), (traffic.Server("db", "flaky").Connections, traffic.Server("db", "flaky").ConnectFailures, traffic.Server("db", "live").Connections));
        Assert.Single(host.Logs.Entries, e => e.Message.Contains("server flaky is down by its TCP connect check", StringComparison.Ordinal));

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        again.Bind(new IPEndPoint(IPAddress.Loopback, flakyPort));
        again.Listen(16);
        await CheckRoundAsync(host);
        Assert.Equal(ServerHealthStatus.Down, Flaky().Health.Status);
        await CheckRoundAsync(host);
        Assert.Equal((ServerHealthStatus.Up, true), (Flaky().Health.Status, Flaky().TakesNewTraffic));
    }

    [Fact]
    public async Task Checks_follow_the_configuration_a_removed_check_leaves_servers_not_checked()
    {
        var config = TcpConfig(Server("dead", TcpTestServer.DeadAddress()));
        var checkedConfig = config with { Clusters = [config.Clusters[0] with { HealthCheck = new() { Interval = Interval, Fall = 1 } }] };
        await using var host = await GatewayTestHost.StartAsync(checkedConfig, services: s => s.AddSingleton<TimeProvider>(_clock));
        var status = host.Services.GetRequiredService<IServerStatusTable>();

        await Eventually.TrueAsync(() => status.GetHealth("db", "dead").Status == ServerHealthStatus.Down, "the first check, at start");
        Assert.Equal(0, status.GetCluster("db")!.AvailableServers);
        Assert.True(await ClosedWithoutDataAsync(Port(host)));

        host.Source.Update(config);
        _clock.Advance(Interval);

        Assert.Equal(ServerHealthStatus.NotChecked, status.GetHealth("db", "dead").Status);
        Assert.Equal(0, _clock.PendingTimers);
    }

    private async Task CheckRoundAsync(GatewayTestHost host)
    {
        var health = host.Services.GetRequiredService<IServerStatusTable>();
        await Eventually.TrueAsync(() => _clock.HasTimerDueAt(_clock.GetUtcNow() + Interval), "the check timer set");
        _clock.Advance(Interval);
        var now = _clock.GetUtcNow();
        await Eventually.TrueAsync(() => health.GetCluster("db")!.Servers.All(s => s.Health.LastCheckAt == now), $"the checks at {now:T}");
    }
}
