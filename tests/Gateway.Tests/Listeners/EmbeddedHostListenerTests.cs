using System.Net;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Listeners;

/// <summary>A host with addresses of its own (<c>--urls</c> and its "Kestrel" section) keeps them while gateway listeners come and go.</summary>
public class EmbeddedHostListenerTests
{
    [Fact]
    public async Task HostUrlsAndKestrelSectionEndpoints_KeepServing_WhileGatewayListenersChange()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend);
        await using var gateway = await GatewayTestHost.StartAsync(
            first,
            app => app.MapGet("/hello", () => "host endpoint"),
            ["--urls", "http://127.0.0.1:0", "--Kestrel:Endpoints:own:Url=http://127.0.0.1:0"]);
        var hostUrls = HostAddresses(gateway);
        using var keepAlive = new KeepAliveConnection(hostUrls[0]);
        var before = await keepAlive.GetAsync("/hello");

        gateway.Source.Update(first with { Listeners = [TestConfigs.Listener("moved"), TestConfigs.Listener("extra")] });
        await gateway.ListenerStateAsync("extra", ListenerState.Bound);
        await gateway.ListenerStateAsync("moved", ListenerState.Bound);
        await gateway.ListenerGoneAsync("web");
        using var proxied = await gateway.Client.GetAsync(gateway.Url("extra", "/proxied"));
        var after = await keepAlive.GetAsync("/hello");
        var onEachHostUrl = await Task.WhenAll(hostUrls.Select(u => gateway.Client.GetStringAsync(new Uri(u, "/hello"))));

        Assert.Equal(2, hostUrls.Count);
        Assert.Contains("host endpoint", before, StringComparison.Ordinal);
        Assert.Contains("host endpoint", after, StringComparison.Ordinal);
        Assert.All(onEachHostUrl, body => Assert.Equal("host endpoint", body));
        Assert.Equal("b1", proxied.Headers.GetValues("X-Backend").Single());
        Assert.Equal(hostUrls, HostAddresses(gateway));
    }

    [Fact]
    public async Task PreferHostingUrls_KestrelBindsOnlyTheHostUrls_ListenersReportedNotBound()
    {
        await using var backend = await BackendServer.StartAsync("b1");

        await using var gateway = await GatewayTestHost.StartAsync(
            TestConfigs.OneRoute(backend),
            app => app.MapGet("/hello", () => "host endpoint"),
            ["--urls", "http://127.0.0.1:0", "--preferHostingUrls", "true"]);
        var hostUrl = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        Assert.Equal("host endpoint", await gateway.Client.GetStringAsync(new Uri(hostUrl, "/hello")));
        Assert.Equal(ListenerState.Failed, gateway.Listener("web")!.State);
        Assert.Contains("PreferHostingUrls", gateway.Listener("web")!.Error, StringComparison.Ordinal);
        Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "ListenersNotLive");
    }

    private static List<Uri> HostAddresses(GatewayTestHost gateway)
    {
        var gatewayPorts = gateway.Services.GetRequiredService<IGatewayListeners>().All.Select(l => ((IPEndPoint)l.EndPoint).Port).ToHashSet();
        return [.. gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a))
            .Where(u => !gatewayPorts.Contains(u.Port))
            .OrderBy(u => u.Port)];
    }
}
