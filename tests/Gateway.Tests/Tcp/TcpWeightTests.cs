using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Tcp.TcpModeTests;
using Gateway.Tcp;

namespace Gateway.Tests.Tcp;

/// <summary>Server weights and backup servers in TCP mode: the same semantics and arithmetic as HTTP mode.</summary>
public class TcpWeightTests
{
    [Fact]
    public async Task Round_robin_gives_weights_3_to_1_exact_shares_interleaved()
    {
        await using var a = TcpTestServer.Start("a");
        await using var b = TcpTestServer.Start("b");
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", a.Address) with { Weight = 3 }, Server("b", b.Address)));

        var order = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var before = b.Accepted;
            await EchoOnceAsync(host);
            order.Add(b.Accepted > before ? "b" : "a");
        }

        Assert.Equal((30, 10), (a.Accepted, b.Accepted));
        // Smooth: b's turns are spread out, never two in a row and one in every four.
        Assert.Equal("aaba", string.Concat(order.Take(4)));
        Assert.All(Enumerable.Range(0, 10), block => Assert.Single(order.Skip(block * 4).Take(4), s => s == "b"));
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("random")]
    [InlineData("least-requests")]
    [InlineData("power-of-two-choices")]
    [InlineData("first")]
    public async Task A_server_of_weight_0_gets_no_connections(string algorithm)
    {
        await using var a = TcpTestServer.Start("a");
        await using var b = TcpTestServer.Start("b");
        var config = TcpConfig(Server("a", a.Address) with { Weight = 0 }, Server("b", b.Address));
        config = config with { Clusters = [config.Clusters[0] with { LoadBalancing = algorithm }] };
        await using var host = await GatewayTestHost.StartAsync(config);

        for (var i = 0; i < 8; i++)
        {
            await EchoOnceAsync(host);
        }

        Assert.Equal((0, 8), (a.Accepted, b.Accepted));
    }

    [Fact]
    public async Task A_cluster_whose_only_server_has_weight_0_closes_connections_as_with_no_server()
    {
        await using var a = TcpTestServer.Start("a");
        await using var host = await GatewayTestHost.StartAsync(TcpConfig(Server("a", a.Address) with { Weight = 0 }));

        Assert.True(await ClosedWithoutDataAsync(Port(host)));

        Assert.Equal(0, a.Accepted);
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<TcpTrafficTable>().Listener("tcp").NoServer == 1, "the connection counted as no server");
    }

    [Fact]
    public async Task A_backup_gets_connections_only_while_every_primary_is_in_maintenance()
    {
        await using var primary = TcpTestServer.Start("primary");
        await using var backup = TcpTestServer.Start("backup");
        var config = TcpConfig(Server("primary", primary.Address), Server("backup", backup.Address) with { Backup = true });
        await using var host = await GatewayTestHost.StartAsync(config);

        await EchoOnceAsync(host);
        await EchoOnceAsync(host);
        Assert.Equal((2, 0), (primary.Accepted, backup.Accepted));

        host.Source.Update(config with { Clusters = [config.Clusters[0] with { Servers = [Server("primary", primary.Address, ServerState.Maintenance), config.Clusters[0].Servers[1]] }] });
        await EchoOnceAsync(host);
        await EchoOnceAsync(host);
        Assert.Equal((2, 2), (primary.Accepted, backup.Accepted));

        host.Source.Update(config);
        await EchoOnceAsync(host);
        Assert.Equal((3, 2), (primary.Accepted, backup.Accepted));
    }

    [Fact]
    public async Task A_backup_takes_the_connection_whose_primary_refused_it_and_the_next_ones_while_the_primary_is_down()
    {
        var clock = new ManualTimeProvider();
        await using var backup = TcpTestServer.Start("backup");
        await using var other = TcpTestServer.Start("other-backup");
        var config = TcpConfig(
            Server("primary", TcpTestServer.DeadAddress()),
            Server("backup", backup.Address) with { Backup = true, Weight = 2 },
            Server("other", other.Address) with { Backup = true });
        await using var host = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(clock));

        for (var i = 0; i < 6; i++)
        {
            await EchoOnceAsync(host);
        }

        // Backups share by weight too; the primary was tried once and is left out while marked down.
        Assert.Equal((4, 2), (backup.Accepted, other.Accepted));
        Assert.Equal(1, host.Services.GetRequiredService<TcpTrafficTable>().Server("db", "primary").ConnectFailures);
    }
}
