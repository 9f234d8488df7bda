using System.Net;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Management;

namespace Gateway.Tests.Hosting;

public class HostingTests
{
    [Fact]
    public async Task Start_InvalidDocument_FailsListingEveryError()
    {
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "somewhere" }],
            Routes = [TestConfigs.Route("all", "missing")],
        };

        var failure = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(config));

        Assert.Equal(["listeners[web].address", "routes[all].cluster"], failure.Errors.Select(e => e.Path));
        Assert.Contains("routes[all].cluster: Cluster 'missing' does not exist", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostEndpoints_AnswerOnHostUrlsOnly_GatewayRoutesOnListenersOnly()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(
            TestConfigs.OneRoute(backend),
            app => app.MapGet("/host-only", () => "host endpoint"),
            ["--urls", "http://127.0.0.1:0"]);
        var hostUrl = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a))
            .Single(a => a.Port != gateway.Url("web").Port);

        var onHost = await gateway.Client.GetStringAsync(new Uri(hostUrl, "/host-only"));
        using var gatewayOnHost = await gateway.Client.GetAsync(new Uri(hostUrl, "/proxied"));
        using var hostOnListener = await gateway.Client.GetAsync(gateway.Url("web", "/host-only"));

        Assert.Equal("host endpoint", onHost);
        Assert.Equal(HttpStatusCode.NotFound, gatewayOnHost.StatusCode);
        Assert.False(gatewayOnHost.Headers.Contains("X-Backend"));
        Assert.Equal("b1", hostOnListener.Headers.GetValues("X-Backend").Single());
    }

    [Fact]
    public async Task HostEndpoint_SpoofedHostHeader_StillNotReachableOnListener()
    {
        await using var gateway = await GatewayTestHost.StartAsync(
            new GatewayConfig { Listeners = [TestConfigs.Listener()] },
            app => app.MapGet("/secret", () => "host endpoint").RequireHost("admin.local"));
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", "/secret"));
        request.Headers.Host = "admin.local";

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no route matches", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsGatewayRequest_TellsListenersApart()
    {
        var seen = new List<bool>();
        await using var gateway = await GatewayTestHost.StartAsync(
            new GatewayConfig { Listeners = [TestConfigs.Listener()] },
            app => app.Use((context, next) =>
            {
                lock (seen)
                {
                    seen.Add(context.IsGatewayRequest());
                }

                return next(context);
            }),
            ["--urls", "http://127.0.0.1:0"]);
        var hostUrl = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Single(a => a.Port != gateway.Url("web").Port);

        (await gateway.Client.GetAsync(gateway.Url("web", "/"))).Dispose();
        (await gateway.Client.GetAsync(hostUrl)).Dispose();

        Assert.Equal([true, false], seen);
    }
}
