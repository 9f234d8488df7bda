using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// What the README promises about forwarded headers on a prefixed route: the path goes to the server whole, so there is
/// no removed prefix to announce, and X-Forwarded-Prefix would make a server that honours it (ASP.NET Core's
/// forwarded-headers middleware) put the prefix twice into the links it builds.
/// </summary>
public class ForwardedPrefixTests
{
    [Fact]
    public async Task PrefixedRoute_ForwardsThePathWhole_WithForProtoAndHost_AndNoPrefixHeader()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = new GatewayConfig { Listeners = [Listener()], Routes = [Route("app", "c", "/app/{**rest}")], Clusters = [Cluster("c", backend)] };
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var url = gateway.Url("web", "/app/orders/7");

        var echo = await gateway.Client.GetFromJsonAsync<EchoResponse>(url);

        Assert.Equal("/app/orders/7", echo!.Path);
        Assert.Equal("127.0.0.1", echo.Headers["X-Forwarded-For"]);
        Assert.Equal("http", echo.Headers["X-Forwarded-Proto"]);
        Assert.Equal(url.Authority, echo.Headers["X-Forwarded-Host"]);
        Assert.False(echo.Headers.ContainsKey("X-Forwarded-Prefix"));
    }
}
