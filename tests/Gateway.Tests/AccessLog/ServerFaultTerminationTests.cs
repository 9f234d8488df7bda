using System.Net;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.AccessLog;

/// <summary>
/// The termination state of requests a server or a client broke, as HAProxy logs them: a response head the gateway
/// refuses is the proxy's verdict in the header phase (<c>PH</c>, 502), whichever part of the head is wrong.
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

    private static Task<GatewayTestHost> StartAsync(string serverUrl, string accessLog) => GatewayTestHost.StartAsync(
        new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "a", Address = serverUrl }] }],
        },
        args: ["--Gateway:AccessLog:Format=json", $"--Gateway:AccessLog:Path={accessLog}"]);
}
