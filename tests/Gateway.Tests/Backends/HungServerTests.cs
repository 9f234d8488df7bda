using System.Diagnostics;
using System.Net;
using Gateway.Core.Configuration;
using Gateway.Status;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Backends;

public class HungServerTests
{
    [Fact]
    public async Task AServerThatNeverAnswers_CostsOneTimeout_ThenIsEjected()
    {
        await using var hung = MisbehavingServer.Hung();
        await using var good = await BackendServer.StartAsync("good");
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters =
            [
                new ClusterConfig
                {
                    Id = "backend",
                    LoadBalancing = LoadBalancingNames.First, // the hung server ("a") is first while in selection
                    ActivityTimeout = TimeSpan.FromSeconds(1),
                    Servers = [new ServerConfig { Id = "a", Address = hung.Url }, new ServerConfig { Id = "b", Address = good.Url }],
                },
            ],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        var first = Stopwatch.StartNew();
        using (var response = await gateway.Client.GetAsync(gateway.Url("web", "/1")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // timed out on "a", then sent to "b"
        }

        first.Stop();
        Assert.InRange(first.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));

        var rest = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", $"/{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        rest.Stop();
        // Were "a" still tried, each request would wait out its 1 s activity timeout (10 s for the ten). The bound leaves
        // room for a busy two-core machine, where ten round trips can take over a second; the connection count below is
        // the exact check.
        Assert.True(rest.Elapsed < TimeSpan.FromSeconds(5), $"ten requests after the ejection took {rest.Elapsed}");
        Assert.Equal(1, hung.Connections);
        var server = gateway.Services.GetRequiredService<IServerStatusTable>().GetCluster("backend")!.Servers.Single(s => s.Id == "a");
        Assert.NotNull(server.PassiveHealth.EjectedUntil);
        Assert.Contains("activity timeout", server.PassiveHealth.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EjectedServer_ComesBackAfterItsEjectionTime_OnProbation()
    {
        await using var good = await BackendServer.StartAsync("good");
        var refusing = MisbehavingServer.RefusingUrl();
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters =
            [
                new ClusterConfig
                {
                    Id = "backend",
                    LoadBalancing = LoadBalancingNames.First,
                    PassiveHealth = new PassiveHealthConfig { ConsecutiveFailures = 1, EjectionTime = TimeSpan.FromMilliseconds(300), MaxEjectionTime = TimeSpan.FromSeconds(10) },
                    Servers = [new ServerConfig { Id = "a", Address = refusing }, new ServerConfig { Id = "b", Address = good.Url }],
                },
            ],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var status = gateway.Services.GetRequiredService<IServerStatusTable>();

        (await gateway.Client.GetAsync(gateway.Url("web", "/"))).Dispose();
        var firstEjection = status.GetCluster("backend")!.Servers.Single(s => s.Id == "a").PassiveHealth;
        Assert.Equal(1, firstEjection.Ejections);

        await Task.Delay(400);
        (await gateway.Client.GetAsync(gateway.Url("web", "/"))).Dispose(); // "a" is tried again, fails, and is out for twice as long
        var second = status.GetCluster("backend")!.Servers.Single(s => s.Id == "a").PassiveHealth;
        Assert.Equal(2, second.Ejections);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ServerReturned");
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ServerEjected" && e.Message.Contains("0.6s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLastServer_IsNeverEjected_AndTheLogSaysSo()
    {
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "only", Address = MisbehavingServer.RefusingUrl() }] }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        var server = gateway.Services.GetRequiredService<IServerStatusTable>().GetCluster("backend")!.Servers.Single();
        Assert.Null(server.PassiveHealth.EjectedUntil);
        Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "LastServerKept");
    }
}
