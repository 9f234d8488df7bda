using System.Text.Json;
using Gateway.Model;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Forwarding;

/// <summary>Cookies the host protects (the admin's session and antiforgery cookies) never reach a server, on either HTTP path; other cookies pass.</summary>
public class ProtectedCookiesTests
{
    [Fact]
    public async Task ProtectedCookiesAndTheirChunks_AreRemoved_OtherCookiesPass()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend),
            services: s => s.Configure<GatewayOptions>(o => o.ProtectedCookies.Add("gateway_admin")));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Url("web"), "/echo"));
        request.Headers.Add("Cookie", "app=1; gateway_admin=secret; gateway_adminC1=part; other=2");

        using var response = await host.Client.SendAsync(request);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cookie = echo.RootElement.GetProperty("headers").GetProperty("Cookie").GetString();

        Assert.Equal("app=1; other=2", cookie);
    }

    [Theory]
    [InlineData("gateway_admin=abc", "")]
    [InlineData("a=1; gateway_admin=abc; b=2", "a=1; b=2")]
    [InlineData("gateway_adminC1=x; gateway_adminC2=y; gateway_admin=chunks:2", "")]
    [InlineData("gateway_administrator=1; gateway_adminCx=2; xgateway_admin=3", "gateway_administrator=1; gateway_adminCx=2; xgateway_admin=3")]
    [InlineData("other=1", "other=1")]
    public void Without_RemovesTheNamedCookiesAndTheirChunksOnly(string header, string expected)
    {
        Assert.Equal(expected, Gateway.Forwarding.ProtectedCookies.Without(header, ["gateway_admin"]));
    }
}
