using System.Net;
using Gateway.Connections;
using Gateway.Tests.Common;

using Microsoft.Extensions.DependencyInjection;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

public class ConnectionLimitTests(BackendPair backends) : IClassFixture<BackendPair>
{
    [Fact]
    public async Task Connections_over_the_limit_wait_accepted_until_one_ends()
    {
        var config = OneRoute(backends.A) with { Listeners = [Listener() with { MaxConnections = 1 }] };
        await using var host = await GatewayTestHost.StartAsync(config);
        var counters = host.Services.GetRequiredService<ConnectionCounters>();
        using var second = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        var held = host.Client.GetAsync(host.Url("web", "/hold/limit-1"));
        await backends.A.Arrived("limit-1");
        var queued = second.GetAsync(host.Url("web", "/after"));
        await Eventually.TrueAsync(() => counters.Waiting("web") == 1, "the second connection to wait for a slot");
        Assert.Equal(1, counters.Active("web"));
        Assert.False(queued.IsCompleted);

        backends.A.Release("limit-1");
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        host.Client.CancelPendingRequests();
        host.Client.Dispose();

        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
        Assert.Equal(0, counters.Waiting("web"));
    }
}
