using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Tests.Connections;
using Gateway.Tests.ProxyProtocol;

namespace Gateway.Tests.Tcp;

/// <summary>Our send-proxy in front of HAProxy 2.6's accept-proxy: HAProxy answers with the client address it read from our header.</summary>
public class SendProxyHaproxyInteropTests
{
    private const string HaproxyAnsweringSrc = """
        global
            maxconn 100
        defaults
            mode http
            timeout connect 5s
            timeout client 30s
            timeout server 30s
        frontend in
            bind 127.0.0.1:@PORT@ accept-proxy
            http-request return status 200 content-type text/plain lf-string "%[src]:%[src_port]"
        """;

    [Theory]
    [InlineData(ListenerMode.Http, SendProxy.V1)]
    [InlineData(ListenerMode.Http, SendProxy.V2)]
    [InlineData(ListenerMode.Tcp, SendProxy.V1)]
    [InlineData(ListenerMode.Tcp, SendProxy.V2)]
    public async Task Haproxy_behind_the_gateway_sees_the_client_address(ListenerMode mode, SendProxy sendProxy)
    {
        await using var haproxy = await HaproxyProcess.StartAsync(HaproxyAnsweringSrc);
        var scheme = mode == ListenerMode.Tcp ? "tcp" : "http";
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:0", AcceptProxy = true, Mode = mode, DefaultCluster = mode == ListenerMode.Tcp ? "haproxy" : null }],
            Routes = mode == ListenerMode.Tcp ? [] : [new() { Id = "all", Cluster = "haproxy", Path = "/{**rest}" }],
            Clusters = [new() { Id = "haproxy", SendProxy = sendProxy, Servers = [new() { Id = "h", Address = $"{scheme}://127.0.0.1:{haproxy.Port}" + (mode == ListenerMode.Tcp ? "" : "/") }] }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);

        var response = await RawHttp.ExchangeAsync(host.Url("web"), [.. ProxyHeaders.V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/who")]);

        Assert.NotNull(response);
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Equal("192.0.2.7:40000", RawHttp.Body(response));
    }
}
