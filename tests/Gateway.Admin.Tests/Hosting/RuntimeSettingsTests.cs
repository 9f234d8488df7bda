using System.Net;
using Gateway.Admin.Tests.Api;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Hosting;

/// <summary><c>Gateway:Runtime</c>: the standalone host's I/O settings reach Kestrel's socket transport, and the host still proxies and serves its admin API with them.</summary>
public class RuntimeSettingsTests
{
    [Fact]
    public async Task InlineIoOffAndSocketOptions_ReachKestrelsTransport_AndTheHostStillProxiesAndAnswersItsApi()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await ApiHost.StartAsync(backend, args: ["--Gateway:Runtime:InlineIo=false", "--Gateway:Runtime:Sockets:WaitForDataBeforeAllocatingBuffer=false"]);

        var sockets = host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.False(sockets.UnsafePreferInlineScheduling);
        Assert.False(sockets.WaitForDataBeforeAllocatingBuffer);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        for (var i = 0; i < 3; i++)
        {
            using var proxied = await client.GetAsync(host.ListenerUrl($"/item/{i}"));
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }

        using var status = await host.Admin.GetAsync("status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task WithoutRuntimeSettings_InlineIoIsOn_AndKestrelKeepsItsOtherTransportDefaults()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await ApiHost.StartAsync(backend);

        var sockets = host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.True(sockets.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().WaitForDataBeforeAllocatingBuffer, sockets.WaitForDataBeforeAllocatingBuffer);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var proxied = await client.GetAsync(host.ListenerUrl("/item/1"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        using var status = await host.Admin.GetAsync("status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }
}
