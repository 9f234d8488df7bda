using Gateway.Admin.Tests.Store;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Status;

namespace Gateway.Admin.Tests.Ui.Services;

public sealed class TcpOverviewTests : IDisposable
{
    private readonly StoreHarness _harness = StoreHarness.Create();

    [Fact]
    public void Read_WithoutTcpListeners_IsEmpty()
    {
        Assert.Same(TcpOverview.Empty, TcpOverview.Read(StoreHarness.Sample, _harness.Get<IGatewayStatus>()));
    }

    [Fact]
    public void Read_ListsEachTcpListener_AndTheServersOfItsDefaultCluster_InConfigurationOrder()
    {
        var config = StoreHarness.Sample with
        {
            Listeners = [.. StoreHarness.Sample.Listeners, new ListenerConfig { Id = "db", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "pg" }],
            Clusters = [.. StoreHarness.Sample.Clusters, new ClusterConfig { Id = "pg", Servers = [new() { Id = "b", Address = "tcp://127.0.0.1:2" }, new() { Id = "a", Address = "tcp://127.0.0.1:1" }] }],
        };

        var overview = TcpOverview.Read(config, _harness.Get<IGatewayStatus>());

        Assert.Equal(new TcpTrafficView("db", 0, 0, 0, 0, 0), Assert.Single(overview.Listeners));
        Assert.Equal(["pg/b", "pg/a"], overview.Servers.Select(s => s.Id));
    }

    public void Dispose() => _harness.Dispose();
}
