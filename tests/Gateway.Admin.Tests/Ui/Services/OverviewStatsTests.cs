using Gateway.Admin.Store;
using Gateway.Admin.Tests.Store;
using Gateway.Admin.Tests.Ui;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Gateway.Forwarding;

namespace Gateway.Admin.Tests.Ui.Services;

/// <summary>On a real host (the server status table needs YARP's running state), with the store's sample document minus health checks, so every server is not checked.</summary>
public sealed class OverviewStatsTests : IAsyncLifetime
{
    private static readonly GatewayConfig Sample = StoreHarness.Sample with
    {
        Listeners = [.. StoreHarness.Sample.Listeners.Select(l => l with { Address = "127.0.0.1:0" })],
        Clusters = [.. StoreHarness.Sample.Clusters.Select(c => c with { HealthCheck = null })],
    };

    private UiHost _host = default!;

    private ConfigStore Store => _host.Get<ConfigStore>();

    public async Task InitializeAsync()
    {
        _host = await UiHost.StartAsync();
        var seeded = await Store.CommitAsync(Store.Read().Revision, [ConfigOperation.Replace(Sample)], "test", "sample");
        Assert.True(seeded.Succeeded, string.Join("; ", seeded.Errors));
        // Listeners bind in the background, and a port-0 listener's address is part of the layout.
        var listeners = _host.Get<IGatewayListeners>();
        await Eventually.TrueAsync(() => listeners.All.Count == 2 && listeners.All.All(l => l.State == ListenerState.Bound), "the listeners are bound");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private OverviewStats Read() => _host.Get<OverviewStatsReader>().Read();

    [Fact]
    public async Task Read_CountsEachCluster_WhereItsRequestsWent_NotAsTheSumOfItsRoutes()
    {
        var orders = _host.Get<RouteTrafficTable>().Get("orders");
        var site = _host.Get<ClusterTrafficTable>().Get("site");
        // Route "orders" is configured for cluster "api", but a use-backend sent its requests to "site".
        for (var i = 0; i < 3; i++)
        {
            orders.OnRequest();
            site.OnRequest();
        }

        orders.OnServerError();
        site.OnServerError();

        var stats = Read();

        Assert.Equal(new TrafficView("orders", 3, 1, "api"), stats.Routes.Single(r => r.Id == "orders"));
        Assert.Equal([new TrafficView("api", 0, 0, null), new TrafficView("site", 3, 1, null)], stats.Clusters);
    }

    [Fact]
    public async Task Read_GivesEveryServersStateHealthWeightAndBackup_ByClusterSlashServer()
    {

        var servers = Read().Servers;

        Assert.Equal(["api/a1", "api/a2", "api/a3", "site/s1"], servers.Select(s => s.Id));
        var a3 = servers.Single(s => s.Id == "api/a3");
        Assert.Equal(("drain", "not-checked", 1, true), (a3.State, a3.Health, a3.Weight, a3.Backup));
        Assert.Equal(3, servers.Single(s => s.Id == "api/a1").Weight);
    }

    [Fact]
    public async Task Read_GivesTheRevisionInForce_AndTheLatestOne()
    {

        var stats = Read();

        Assert.Equal($"revision {Store.Read().Revision}", stats.Version);
        Assert.Equal(Store.Read().Revision, stats.LatestRevision);
        Assert.Equal(TcpOverview.Empty, stats.Tcp);
    }

    [Fact]
    public async Task Read_TcpRows_AreTheTcpListenersAndTheServersOfTheirClusters()
    {
        await CommitAsync(ConfigOperation.Create(new ListenerConfig { Id = "db", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "pg" }),
            ConfigOperation.Create(new ClusterConfig { Id = "pg", Servers = [new() { Id = "a", Address = "tcp://127.0.0.1:1" }] }));

        var tcp = Read().Tcp;

        Assert.Equal(new TcpTrafficView("db", 0, 0, 0, 0, 0), tcp.Listeners.Single());
        Assert.Equal("pg/a", tcp.Servers.Single().Id);
    }

    [Fact]
    public async Task Layout_StaysWhenOnlyServerStatesWeightsOrBackupsChange_AndMovesWhenAServerIsAdded()
    {
        var before = Read();
        var api = Sample.Clusters[0];

        await CommitAsync(ConfigOperation.Update(api with { Servers = [.. api.Servers.Select(s => s with { State = ServerState.Maintenance, Weight = 7, Backup = !s.Backup })] }));
        var edited = Read();
        await CommitAsync(ConfigOperation.Update(api with { Servers = [.. api.Servers, new() { Id = "a4", Address = "http://10.0.0.4:8080/" }] }));
        var added = Read();

        Assert.NotEqual(before.Version, edited.Version);
        Assert.Equal(before.Layout, edited.Layout);
        Assert.Equal("maintenance", edited.Servers[0].State);
        Assert.NotEqual(edited.Layout, added.Layout);
    }

    [Fact]
    public async Task Layout_MovesWhenARoutesPathChanges()
    {
        var before = Read();

        await CommitAsync(ConfigOperation.Update(Sample.Routes[0] with { Path = "/v2/orders/{**rest}" }));

        Assert.NotEqual(before.Layout, Read().Layout);
    }

    private async Task CommitAsync(params ConfigOperation[] operations)
    {
        var result = await Store.CommitAsync(Store.Read().Revision, operations, "test", "edit");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    }

}
