using System.Net;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Tcp.TcpModeTests;

namespace Gateway.Tests.Tcp;

public class TcpSendProxyTests
{
    [Theory]
    [InlineData(SendProxy.V1, 1)]
    [InlineData(SendProxy.V2, 2)]
    public async Task The_server_reads_the_client_s_address_in_a_PROXY_header_before_the_client_s_bytes(SendProxy sendProxy, int version)
    {
        await using var echo = TcpTestServer.Start("echo", expectProxyHeader: true);
        var config = TcpConfig(Server("a", echo.Address));
        config = config with { Clusters = [config.Clusters[0] with { SendProxy = sendProxy }] };
        await using var host = await GatewayTestHost.StartAsync(config);
        using var client = await TcpTestClient.ConnectAsync(Port(host));

        await client.SendAsync("after the header");
        Assert.Equal("after the header", await client.ReceiveAsync(16));

        var header = Assert.Single(echo.Headers);
        Assert.Equal(version, header.Version);
        Assert.False(header.IsLocal);
        Assert.Equal(client.LocalEndPoint, header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, Port(host)), header.Destination);
    }

    [Fact]
    public async Task Behind_accept_proxy_the_header_sent_on_carries_the_address_the_load_balancer_reported()
    {
        await using var echo = TcpTestServer.Start("echo", expectProxyHeader: true);
        var config = TcpConfig(Server("a", echo.Address));
        config = config with
        {
            Listeners = [config.Listeners[0] with { AcceptProxy = true }],
            Clusters = [config.Clusters[0] with { SendProxy = SendProxy.V2 }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        using var client = await TcpTestClient.ConnectAsync(Port(host));

        await client.SendAsync("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\nping");
        Assert.Equal("ping", await client.ReceiveAsync(4));

        var header = Assert.Single(echo.Headers);
        Assert.Equal(IPEndPoint.Parse("192.0.2.7:40000"), header.Source);
        Assert.Equal(IPEndPoint.Parse("198.51.100.1:443"), header.Destination);
    }

    [Fact]
    public async Task Tcp_request_rules_run_before_forwarding_and_see_the_client_address()
    {
        await using var echo = TcpTestServer.Start("echo");
        var config = TcpConfig(Server("a", echo.Address));
        config = config with
        {
            Listeners = [config.Listeners[0] with { AcceptProxy = true, Rules = "tcp-request connection reject if { src 192.0.2.0/24 }" }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);

        using (var rejected = await TcpTestClient.ConnectAsync(Port(host)))
        {
            await rejected.SendAsync("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\nping");
            Assert.True(await rejected.ReceiveToEndAsync() is null or "");
        }

        using var allowed = await TcpTestClient.ConnectAsync(Port(host));
        await allowed.SendAsync("PROXY TCP4 203.0.113.9 198.51.100.1 40000 443\r\nping");
        Assert.Equal("ping", await allowed.ReceiveAsync(4));
        Assert.Equal(1, echo.Accepted);
    }
}
