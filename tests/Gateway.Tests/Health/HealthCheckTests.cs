using System.Net;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Status;

namespace Gateway.Tests.Health;

/// <summary>Active health checks on real backends, with YARP's probing timers on a manual clock.</summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ManualTimeProvider _clock = new();
    private CheckedBackend _a = null!;
    private CheckedBackend _b = null!;
    private GatewayTestHost _gateway = null!;

    private IServerStatusTable Status => _gateway.Services.GetRequiredService<IServerStatusTable>();

    public async Task InitializeAsync()
    {
        _a = await CheckedBackend.StartAsync("a");
        _b = await CheckedBackend.StartAsync("b");
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters =
            [
                new()
                {
                    Id = "backend",
                    HealthCheck = new() { Path = "/health", Interval = Interval, Timeout = TimeSpan.FromSeconds(2), Rise = 2, Fall = 3 },
                    Servers = [new() { Id = "a", Address = _a.Url }, new() { Id = "b", Address = _b.Url }],
                },
            ],
        };
        _gateway = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(_clock));
        // YARP probes every cluster once as it starts, then on the clock.
        await Eventually.TrueAsync(() => Servers().All(s => s.Health.LastCheckAt is not null), "the first health checks");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task FailingServer_GoesDownAfterFall_AndComesBackAfterRise_WhileTrafficAvoidsIt()
    {
        Assert.All(Servers(), s => Assert.Equal(ServerHealthStatus.Up, s.Health.Status));
        // Both take traffic. Not an exact 2 of 4: each probe result may give YARP a new list of available servers, and a
        // new list starts the round-robin over, so the split of a few requests depends on when the last result landed.
        Assert.InRange(await CountServedAsync("a", 4), 1, 3);

        _a.HealthStatus = 503;
        await CheckRoundAsync();
        await CheckRoundAsync();
        var afterTwoFailures = Server("a");
        await CheckRoundAsync();
        await Eventually.TrueAsync(() => !Server("a").TakesNewTraffic, "a out of the available servers");
        var down = Server("a");
        var requestsBefore = _a.Requests;
        var servedWhileDown = await CountServedAsync("a", 6);
        var requestsWhileDown = _a.Requests - requestsBefore;

        _a.HealthStatus = 200;
        await CheckRoundAsync();
        var afterOneSuccess = Server("a");
        var servedAfterOneSuccess = await CountServedAsync("a", 4);
        await CheckRoundAsync();
        await Eventually.TrueAsync(() => Server("a").TakesNewTraffic, "a back among the available servers");
        var servedWhenUp = await CountServedAsync("a", 4);

        Assert.Equal((ServerHealthStatus.Up, 2, true), (afterTwoFailures.Health.Status, afterTwoFailures.Health.ConsecutiveFailures, afterTwoFailures.TakesNewTraffic));
        Assert.Equal((ServerHealthStatus.Down, "HTTP 503", _clock.GetUtcNow() - (2 * Interval)), (down.Health.Status, down.Health.LastFailure, down.Health.Since));
        Assert.Equal((0, 0), (servedWhileDown, requestsWhileDown));
        Assert.Equal((ServerHealthStatus.Down, 1), (afterOneSuccess.Health.Status, afterOneSuccess.Health.ConsecutiveSuccesses));
        Assert.Equal(0, servedAfterOneSuccess);
        Assert.Equal((ServerHealthStatus.Up, _clock.GetUtcNow()), (Server("a").Health.Status, Server("a").Health.Since));
        Assert.InRange(servedWhenUp, 1, 3);
        Assert.Equal(ServerHealthStatus.Up, Server("b").Health.Status);
    }

    [Fact]
    public async Task EveryServerDown_Gets503_UntilOneRises()
    {
        _a.HealthStatus = 500;
        _b.HealthStatus = 500;
        for (var i = 0; i < 3; i++)
        {
            await CheckRoundAsync();
        }

        await Eventually.TrueAsync(() => Status.GetCluster("backend")!.AvailableServers == 0, "no server available");
        using var refused = await _gateway.Client.GetAsync(_gateway.Url("web", "/"));

        _b.HealthStatus = 302; // a redirect counts as a pass
        await CheckRoundAsync();
        await CheckRoundAsync();
        await Eventually.TrueAsync(() => Server("b").TakesNewTraffic, "b back");
        using var served = await _gateway.Client.GetAsync(_gateway.Url("web", "/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("b", served.Headers.GetValues("X-Backend").Single());
        Assert.Equal(ServerHealthStatus.Down, Server("a").Health.Status);
    }

    [Fact]
    public async Task DownServer_StaysDown_AcrossASnapshotThatKeepsIt()
    {
        _a.HealthStatus = 503;
        for (var i = 0; i < 3; i++)
        {
            await CheckRoundAsync();
        }

        await Eventually.TrueAsync(() => !Server("a").TakesNewTraffic, "a down");
        var config = _gateway.Snapshot.Config;
        _gateway.Source.Update(config with { Routes = [.. config.Routes, TestConfigs.Route("other", "backend", "/other")] });
        var afterSwap = Server("a");
        var served = await CountServedAsync("a", 4);

        Assert.Equal(2, _gateway.Snapshot.Generation);
        Assert.Equal((ServerHealthStatus.Down, false), (afterSwap.Health.Status, afterSwap.TakesNewTraffic));
        Assert.Equal(0, served);
    }

    [Fact]
    public async Task ChecksTurnedOff_ServerTakesTrafficAgain_AndReadsNotChecked()
    {
        _a.HealthStatus = 503;
        for (var i = 0; i < 3; i++)
        {
            await CheckRoundAsync();
        }

        await Eventually.TrueAsync(() => !Server("a").TakesNewTraffic, "a down");
        var config = _gateway.Snapshot.Config;
        _gateway.Source.Update(config with { Clusters = [config.Clusters[0] with { HealthCheck = null }] });
        var served = await CountServedAsync("a", 4);

        Assert.Equal(2, served);
        Assert.Equal(ServerHealth.NotChecked, Status.GetHealth("backend", "a"));
        Assert.Equal(ServerHealth.NotChecked, Server("a").Health);
    }

    private IReadOnlyList<ServerStatus> Servers() => Status.GetCluster("backend")!.Servers;

    private ServerStatus Server(string id) => Servers().Single(s => s.Id == id);

    /// <summary>
    /// Moves the clock one interval, once YARP's probing timer is set again, and waits until every
    /// server's check of that moment has been recorded.
    /// </summary>
    private async Task CheckRoundAsync()
    {
        // YARP's prober sets its timer one interval ahead; the connections' heartbeat (1 s) may be pending beside it.
        await Eventually.TrueAsync(() => _clock.HasTimerDueAt(_clock.GetUtcNow() + Interval), "the probing timer set");
        _clock.Advance(Interval);
        var now = _clock.GetUtcNow();
        await Eventually.TrueAsync(() => Servers().All(s => s.Health.LastCheckAt == now), $"the health checks at {now:T}");
    }

    private async Task<int> CountServedAsync(string backend, int requests)
    {
        var count = 0;
        for (var i = 0; i < requests; i++)
        {
            using var response = await _gateway.Client.GetAsync(_gateway.Url("web", $"/r{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            count += response.Headers.GetValues("X-Backend").Single() == backend ? 1 : 0;
        }

        return count;
    }
}
