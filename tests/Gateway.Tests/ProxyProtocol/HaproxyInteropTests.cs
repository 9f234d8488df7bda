using System.Net.Http.Json;
using Gateway.Tests.Common;
using Gateway.Tests.Http;

using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.ProxyProtocol;

/// <summary>HAProxy 2.6 in TCP mode with send-proxy / send-proxy-v2 in front of a listener that accepts the PROXY protocol.</summary>
public class HaproxyInteropTests(BackendPair backends) : IClassFixture<BackendPair>
{
    [Theory]
    [InlineData("send-proxy")]
    [InlineData("send-proxy-v2")]
    public async Task Haproxy_in_front_tells_the_gateway_who_the_client_is(string sendProxy)
    {
        var config = OneRoute(backends.A) with
        {
            Listeners = [Listener() with { AcceptProxy = true, Rules = "http-request set-header X-Dst-Port %[dst_port]\nhttp-request set-header X-Src %[src]" }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);
        await using var haproxy = await HaproxyProcess.StartAsync($$"""
            global
                maxconn 100
            defaults
                mode tcp
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend in
                bind 127.0.0.1:@PORT@
                default_backend gateway
            backend gateway
                server gw 127.0.0.1:{{gateway.Url("web").Port}} {{sendProxy}}
            """);

        for (var i = 0; i < 3; i++)
        {
            var echo = await gateway.Client.GetFromJsonAsync<EchoResponse>(new Uri($"http://127.0.0.1:{haproxy.Port}/through-haproxy"));

            // The address the client connected to is HAProxy's frontend, not the gateway's listener.
            Assert.Equal(haproxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), echo!.Headers["X-Dst-Port"]);
            Assert.Equal("127.0.0.1", echo.Headers["X-Src"]);
        }
    }
}
