using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Tests.Http1;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

/// <summary>
/// A client that half-closes (shuts down its sending side after its request, as HTTP/1.0-style clients and <c>nc -q</c>
/// do) still gets its answer on both HTTP paths; one that half-closes in the middle of its body ends that request.
/// </summary>
public class HalfCloseTests
{
    [Fact]
    public async Task AClientThatHalfClosesAfterItsWholeRequest_StillGetsTheResponse()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await GatewayTestHost.StartAsync(OneRoute(backend));

        var exchange = RawHttp.ExchangeAsync(host.Url("web"), Encoding.ASCII.GetBytes("GET /hold/fin HTTP/1.1\r\nHost: gateway.test\r\n\r\n"), endAfterSending: true);
        await backend.Arrived("fin").WaitAsync(TimeSpan.FromSeconds(10));
        // The FIN reached the gateway while the server still holds the answer.
        await Task.Delay(300);
        backend.Release("fin");
        var answer = await exchange.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(answer);
        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.Equal("b1:held", RawHttp.Body(answer));
    }

    [Fact]
    public async Task AClientThatHalfClosesInTheMiddleOfItsBody_EndsTheRequest_AndNoServerGetsItWhole()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener()],
            Routes = [Route("all", "c")],
            Clusters = [new ClusterConfig { Id = "c", Servers = [new ServerConfig { Id = "s", Address = server.Url }] }],
        });

        var answer = await RawHttp.ExchangeAsync(host.Url("web"),
            Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\n0123456789"), endAfterSending: true).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(string.IsNullOrEmpty(answer) || answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), answer);
        Assert.Empty(server.Requests);
        if (server.Connections > 0)
        {
            await Eventually.TrueAsync(() => server.Closed >= 1, "the server connection holding half a request closed", TimeSpan.FromSeconds(10));
        }
    }
}
