using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Listeners;

/// <summary>Listeners added, removed and changed while the gateway runs, next to a listener that keeps serving a held request.</summary>
public class LiveListenerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AddedListener_StartsAnswering_WhileAnotherListenerFinishesAHeldRequest()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend);
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var held = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/add"));
        await backend.Arrived("add").WaitAsync(Limit);

        gateway.Source.Update(first with { Listeners = [.. first.Listeners, TestConfigs.Listener("second")] });
        await gateway.ListenerStateAsync("second", ListenerState.Bound);
        using var added = await gateway.Client.GetAsync(gateway.Url("second", "/via-second"));
        backend.Release("add");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("b1", added.Headers.GetValues("X-Backend").Single());
        Assert.Equal("b1:held", await held.WaitAsync(Limit));
        Assert.NotEqual(0, ((IPEndPoint)gateway.Listener("second")!.EndPoint).Port);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ListenerBound" && e.Message.Contains("second", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RemovedListener_StopsAccepting_AndLetsItsInFlightRequestFinish()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("second")] };
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var second = gateway.Url("second");
        var onWeb = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/web"));
        var onSecond = gateway.Client.GetStringAsync(new Uri(second, "/hold/second"));
        await Task.WhenAll(backend.Arrived("web"), backend.Arrived("second")).WaitAsync(Limit);

        gateway.Source.Update(first with { Listeners = [TestConfigs.Listener()] });
        await Eventually.TrueAsync(() => TcpProbe.Refuses(second), "the removed listener refuses connections");
        backend.Release("second");
        var secondAnswer = await onSecond.WaitAsync(Limit);
        using var stillServing = await gateway.Client.GetAsync(gateway.Url("web", "/after"));
        backend.Release("web");

        Assert.Equal("b1:held", secondAnswer);
        Assert.Equal(HttpStatusCode.OK, stillServing.StatusCode);
        Assert.Equal("b1:held", await onWeb.WaitAsync(Limit));
        Assert.Null(gateway.Listener("second"));
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId.Name == "ListenerRemoved"), "the removal is logged");
    }

    [Fact]
    public async Task ChangedAddress_MovesTheListener_AndTheOtherKeepsServing()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("second")] };
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var before = gateway.Url("second");
        var held = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/move"));
        await backend.Arrived("move").WaitAsync(Limit);
        var port = FreePort();

        gateway.Source.Update(first with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("second") with { Address = $"127.0.0.1:{port}" }] });
        await Eventually.TrueAsync(() => gateway.Listener("second") is { State: ListenerState.Bound } l && ((IPEndPoint)l.EndPoint).Port == port, "second moved");
        using var moved = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{port}/moved"));
        backend.Release("move");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.True(TcpProbe.Refuses(before), "the old address still accepts connections");
        Assert.Equal("b1:held", await held.WaitAsync(Limit));
    }

    [Fact]
    public async Task RenamedListener_OnTheSameFixedPort_TheOldOneStopsBeforeTheNewOneBinds()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var port = FreePort();
        var first = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener("old") with { Address = $"127.0.0.1:{port}" }] };
        await using var gateway = await GatewayTestHost.StartAsync(first);

        gateway.Source.Update(first with { Listeners = [TestConfigs.Listener("new") with { Address = $"127.0.0.1:{port}" }] });
        await gateway.ListenerStateAsync("new", ListenerState.Bound);
        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{port}/renamed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(gateway.Listener("old"));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId.Name == "ListenerBindFailed");
    }

    [Fact]
    public async Task ChangedProtocols_RebindsThatListenerOnly_KeepAliveConnectionsElsewhereStayOpen()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("second")] };
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var web = gateway.Url("web");
        using var keepAlive = new KeepAliveConnection(web);
        var beforeChange = await keepAlive.GetAsync("/one");

        gateway.Source.Update(first with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("second") with { Protocols = ListenerProtocols.Http2 }] });
        await Eventually.TrueAsync(() => gateway.Listener("second") is { State: ListenerState.Bound } l && l.Protocols == Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2, "second rebound for h2c");
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("second", "/h2c")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var h2c = await gateway.Client.SendAsync(request);
        var afterChange = await keepAlive.GetAsync("/two");

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (h2c.StatusCode, h2c.Version));
        Assert.Contains("HTTP/1.1 200", beforeChange, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200", afterChange, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerConnectionFields_ChangeWithoutRebinding_TheConnectionStaysOpen()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend);
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var bound = gateway.Listener("web")!;
        using var keepAlive = new KeepAliveConnection(gateway.Url("web"));
        await keepAlive.GetAsync("/one");

        gateway.Source.Update(first with
        {
            Listeners = [TestConfigs.Listener() with { MaxConnections = 50, Rules = "http-response set-header X-Rules live", TarpitTimeout = TimeSpan.FromSeconds(2) }],
        });
        var afterChange = await keepAlive.GetAsync("/two");

        Assert.Contains("X-Rules: live", afterChange, StringComparison.Ordinal);
        Assert.Equal(bound.EndPoint, gateway.Listener("web")!.EndPoint);
        Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "ListenerBound");
    }

    [Fact]
    public async Task AddedListenerOnATakenPort_IsReportedFailed_OthersUnaffected_AndRetriedAtTheNextChange()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend);
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var held = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/taken"));
        await backend.Arrived("taken").WaitAsync(Limit);
        var withTaken = first with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("taken") with { Address = $"127.0.0.1:{port}" }, TestConfigs.Listener("fine")] };

        gateway.Source.Update(withTaken);
        await gateway.ListenerStateAsync("taken", ListenerState.Failed);
        await gateway.ListenerStateAsync("fine", ListenerState.Bound);
        using var fine = await gateway.Client.GetAsync(gateway.Url("fine", "/fine"));
        backend.Release("taken");
        var failed = gateway.Listener("taken")!;
        blocker.Stop();
        gateway.Source.Update(withTaken with { Routes = [TestConfigs.Route("all", "backend", "/{**rest}")] });
        await gateway.ListenerStateAsync("taken", ListenerState.Bound);
        using var retried = await gateway.Client.GetAsync(gateway.Url("taken", "/retried"));

        Assert.Equal("b1:held", await held.WaitAsync(Limit));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Contains("in use", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ListenerBindFailed" && e.Message.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Fact]
    public async Task Start_WithAListenerOnATakenPort_StartsTheOthersAndReportsIt()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        try
        {
            var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
            var config = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("taken") with { Address = $"127.0.0.1:{port}" }] };

            await using var gateway = await GatewayTestHost.StartAsync(config);
            using var web = await gateway.Client.GetAsync(gateway.Url("web", "/"));

            Assert.Equal(HttpStatusCode.OK, web.StatusCode);
            Assert.Equal(ListenerState.Failed, gateway.Listener("taken")!.State);
            Assert.Contains("in use", gateway.Listener("taken")!.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "ListenerBindFailed");
        }
        finally
        {
            blocker.Stop();
        }
    }

    [Fact]
    public async Task FailedListener_BindsOnceItsPortIsFree_WithoutAConfigurationChange()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var clock = new ManualTimeProvider();
        var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var config = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("late") with { Address = $"127.0.0.1:{port}" }] };
        await using var gateway = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(clock));

        clock.Advance(ListenerBinder.RetryInterval); // still taken: checked quietly, nothing logged
        var whileTaken = gateway.Listener("late")!.State;
        blocker.Stop();
        clock.Advance(ListenerBinder.RetryInterval);
        await gateway.ListenerStateAsync("late", ListenerState.Bound);
        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{port}/late"));

        Assert.Equal(ListenerState.Failed, whileTaken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "ListenerBindFailed");
        Assert.Equal(1, gateway.Snapshot.Generation);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
