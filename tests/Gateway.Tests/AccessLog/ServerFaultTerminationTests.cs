using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.AccessLog;

/// <summary>
/// The termination state of requests a server or a client broke, as HAProxy logs them: a response head the gateway
/// refuses is the proxy's verdict in the header phase (<c>PH</c>, 502), whichever part of the head is wrong; a client
/// that goes away while its response is relayed ended it in the data phase (<c>CD</c>), not the server.
/// </summary>
public class ServerFaultTerminationTests
{
    [Theory]
    [InlineData("HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok")] // a malformed status line
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!")] // two differing lengths
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nNoColonHere\r\n\r\nok")] // a header line without a colon
    public async Task AnInvalidResponseHead_Gets502_LoggedPH(string answer)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var server = new CannedServer(Encoding.ASCII.GetBytes(answer));
        await using var gateway = await StartAsync(server.Url, path);

        using (var response = await gateway.Client.GetAsync(gateway.Url("web", "/x")))
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        var line = (await AccessLines.ReadAsync(path, 1))[0];
        Assert.Equal((502, "PH"), (line.GetProperty("status").GetInt32(), line.GetProperty("termination").GetString()));
    }

    [Fact]
    public async Task AClientThatGoesAwayMidResponse_IsLoggedCD_AndTheServerConnectionCloses()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var server = new CannedServer("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n"u8.ToArray(), endless: true);
        await using var gateway = await StartAsync(server.Url, path);

        using (var client = new TcpClient())
        {
            var url = gateway.Url("web", "/big");
            await client.ConnectAsync(url.Host, url.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /big HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n"));
            var buffer = new byte[64 * 1024];
            for (var got = 0; got < 200_000;)
            {
                var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.NotEqual(0, read);
                got += read;
            }

            client.Client.LingerState = new LingerOption(true, 0); // gone at once, with a reset
        }

        var line = (await AccessLines.ReadAsync(path, 1))[0];
        Assert.Equal((200, "CD"), (line.GetProperty("status").GetInt32(), line.GetProperty("termination").GetString()));
        await Eventually.TrueAsync(() => server.SendFailed, "the server connection closed");
    }

    private static Task<GatewayTestHost> StartAsync(string serverUrl, string accessLog) => GatewayTestHost.StartAsync(
        new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "a", Address = serverUrl }] }],
        },
        args: ["--Gateway:AccessLog:Format=json", $"--Gateway:AccessLog:Path={accessLog}"]);
}
