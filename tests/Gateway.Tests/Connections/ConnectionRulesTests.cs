using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Common;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

public class ConnectionRulesTests(BackendPair backends) : IClassFixture<BackendPair>
{
    [Fact]
    public async Task A_rejected_connection_is_closed_before_any_http()
    {
        var config = OneRoute(backends.A) with { Listeners = [Listener() with { Rules = "tcp-request connection reject if { src 127.0.0.0/8 }" }] };
        await using var host = await GatewayTestHost.StartAsync(config);
        var before = backends.A.Requests;

        // HttpClient reports the closed connection as an HttpRequestException, or, when the close wins the
        // race with its connect bookkeeping, as the SocketException itself.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => host.Client.GetAsync(host.Url("web", "/x")));
        Assert.True(refused is HttpRequestException or SocketException, $"unexpected {refused.GetType()}: {refused.Message}");

        Assert.True(await ClosedByPeerAsync(host.Url("web").Port), "the rejected connection should be closed without an answer");
        Assert.Equal(before, backends.A.Requests);
    }

    [Fact]
    public async Task Dst_is_the_address_the_client_connected_to()
    {
        const string rules = "tcp-request connection reject unless { dst 127.0.0.1 }";
        var config = OneRoute(backends.A) with
        {
            Listeners = [Listener() with { Rules = rules }, Listener("other") with { Address = "127.0.0.2:0", Rules = rules }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/x"))).StatusCode);
        Assert.True(await ClosedByPeerAsync(host.Url("other").Port, IPAddress.Parse("127.0.0.2")), "a connection to 127.0.0.2 should be rejected");
    }

    /// <summary>A reject aborts the connection: the peer sees an orderly close or a reset (which may already arrive while connecting), never data.</summary>
    private static async Task<bool> ClosedByPeerAsync(int port, IPAddress? address = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address ?? IPAddress.Loopback, port);
            return await socket.ReceiveAsync(new byte[16]) == 0;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    [Fact]
    public async Task Accept_stops_the_connection_rules_so_a_later_reject_does_not_apply()
    {
        var config = OneRoute(backends.A) with
        {
            Listeners = [Listener() with { Rules = "tcp-request connection accept if { src 127.0.0.1 } { dst_port 1:65535 }\ntcp-request connection reject" }],
        };
        await using var host = await GatewayTestHost.StartAsync(config);

        var response = await host.Client.GetAsync(host.Url("web", "/x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
