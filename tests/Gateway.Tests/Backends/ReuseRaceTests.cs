using System.Net;
using Gateway.Tests.Common;

namespace Gateway.Tests.Backends;

/// <summary>
/// A server closes a kept-alive connection just as the gateway sends the next request on it. An idempotent request goes
/// again on a new connection without the client noticing; a POST, which reached the server whole and may have been acted
/// on, is not sent a second time (HAProxy does not replay it either): it fails, and the retry rules say it is not retried.
/// </summary>
public class ReuseRaceTests
{
    [Fact]
    public async Task AGet_OnAConnectionTheServerClosed_GoesAgainOnANewOne()
    {
        await using var server = new ClosesSecondRequestServer();
        await using var gateway = await GatewayTestHost.StartAsync(OneServer(server.Url));

        using (var first = await gateway.Client.GetAsync(gateway.Url("web", "/1")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await gateway.Client.GetAsync(gateway.Url("web", "/2")); // the same client connection
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(["1: GET /1 HTTP/1.1", "1: GET /2 HTTP/1.1", "2: GET /2 HTTP/1.1"], server.Requests);
    }

    [Fact]
    public async Task APost_ThatReachedTheServer_IsNeverSentTwice()
    {
        await using var server = new ClosesSecondRequestServer();
        await using var gateway = await GatewayTestHost.StartAsync(OneServer(server.Url));

        using (var first = await gateway.Client.GetAsync(gateway.Url("web", "/1")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var post = await gateway.Client.PostAsync(gateway.Url("web", "/order"), new StringContent("buy one")); // the same client connection
        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.Equal(["1: GET /1 HTTP/1.1", "1: POST /order HTTP/1.1"], server.Requests);
    }

    private static Core.Configuration.GatewayConfig OneServer(string url) => new()
    {
        Listeners = [TestConfigs.Listener()],
        Routes = [TestConfigs.Route("all", "backend")],
        Clusters = [new Core.Configuration.ClusterConfig { Id = "backend", Servers = [new Core.Configuration.ServerConfig { Id = "a", Address = url }] }],
    };
}
