using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.Backends;

public class HostHeaderTests
{
    private static async Task<EchoResponse> GetAsync(GatewayTestHost gateway, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", "/x"));
        request.Headers.Host = host;
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EchoResponse>())!;
    }

    [Fact]
    public async Task ByDefault_TheServerReceivesTheClientsHost_AndXForwardedHost()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend));

        var echo = await GetAsync(gateway, "shop.example:8443");

        Assert.Equal("shop.example:8443", echo.Headers["Host"]);
        Assert.Equal("shop.example:8443", echo.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task ServerMode_SendsTheServersOwnAuthority()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend);
        config = config with { Clusters = [config.Clusters[0] with { HostHeader = HostHeaderModes.Server }] };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        var echo = await GetAsync(gateway, "shop.example");

        Assert.Equal(new Uri(backend.Url).Authority, echo.Headers["Host"]);
        Assert.Equal("shop.example", echo.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task FixedValue_IsSentAsItIs()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend);
        config = config with { Clusters = [config.Clusters[0] with { HostHeader = "api.internal" }] };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        var echo = await GetAsync(gateway, "shop.example");

        Assert.Equal("api.internal", echo.Headers["Host"]);
    }

    [Theory]
    [InlineData("listener")]
    [InlineData("route")]
    [InlineData("cluster")]
    public async Task SetHeaderHostRule_ChangesWhatTheServerReceives(string scope)
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend);
        const string rule = "http-request set-header Host rewritten.example";
        config = scope switch
        {
            "listener" => config with { Listeners = [config.Listeners[0] with { Rules = rule }] },
            "route" => config with { Routes = [config.Routes[0] with { Rules = rule }] },
            _ => config with { Clusters = [config.Clusters[0] with { Rules = rule }] },
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        var echo = await GetAsync(gateway, "shop.example");

        Assert.Equal("rewritten.example", echo.Headers["Host"]);
    }
}
