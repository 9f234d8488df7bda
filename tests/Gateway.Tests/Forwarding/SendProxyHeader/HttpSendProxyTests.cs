using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.ProxyProtocol;
using Gateway.Tests.Tcp;
using Gateway.Tests.Connections;
using Gateway.Tests.ProxyProtocol;

namespace Gateway.Tests.Forwarding.SendProxyHeader;

/// <summary>send-proxy from HTTP listeners: each client connection's requests reach the server on connections that name that client.</summary>
public class HttpSendProxyTests
{
    private static GatewayConfig Config(string serverAddress, SendProxy sendProxy, bool acceptProxy = false) => new()
    {
        Listeners = [new() { Id = "web", Address = "127.0.0.1:0", AcceptProxy = acceptProxy }],
        Routes = [new() { Id = "all", Cluster = "app", Path = "/{**rest}" }],
        Clusters = [new() { Id = "app", SendProxy = sendProxy, Servers = [new() { Id = "s", Address = serverAddress }] }],
    };

    /// <summary>Answers each keep-alive request with the client address its connection's PROXY header named.</summary>
    private static async Task AnswerWithHeaderSourceAsync(Socket socket, ProxyHeader? header)
    {
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                var n = await socket.ReceiveAsync(buffer);
                if (n == 0)
                {
                    return;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                continue;
            }

            pending.Remove(0, end + 4);
            var body = header?.Source?.ToString() ?? "none";
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        }
    }

    [Theory]
    [InlineData(SendProxy.V1)]
    [InlineData(SendProxy.V2)]
    public async Task Two_clients_each_reach_the_server_with_their_own_address(SendProxy sendProxy)
    {
        await using var server = TcpTestServer.StartWithHeader("app", AnswerWithHeaderSourceAsync);
        await using var host = await GatewayTestHost.StartAsync(Config($"http://127.0.0.1:{server.Port}/", sendProxy));
        using var alice = await TcpTestClient.ConnectAsync(host.Url("web").Port);
        using var bob = await TcpTestClient.ConnectAsync(host.Url("web").Port);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(alice.LocalEndPoint.ToString(), await GetAsync(alice));
            Assert.Equal(bob.LocalEndPoint.ToString(), await GetAsync(bob));
        }

        // One server connection per client connection, reused for that client's requests only.
        Assert.Equal(2, server.Accepted);

        alice.Dispose();
        await Eventually.TrueAsync(() => server.Active == 1, "alice's server connection to close with hers");
        Assert.Equal(bob.LocalEndPoint.ToString(), await GetAsync(bob));
    }

    [Fact]
    public async Task Behind_accept_proxy_the_server_gets_the_address_the_load_balancer_reported()
    {
        await using var server = TcpTestServer.StartWithHeader("app", AnswerWithHeaderSourceAsync);
        await using var host = await GatewayTestHost.StartAsync(Config($"http://127.0.0.1:{server.Port}/", SendProxy.V2, acceptProxy: true));

        var response = await RawHttp.ExchangeAsync(host.Url("web"), [.. ProxyHeaders.V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/x")]);

        Assert.Equal("192.0.2.7:40000", RawHttp.Body(response!));
    }

    private static async Task<string> GetAsync(TcpTestClient client)
    {
        await client.SendAsync("GET /who HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            head.Append(await client.ReceiveAsync(1));
        }

        var length = head.ToString().Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim();
        return await client.ReceiveAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
    }
}
