using System.Net;
using Gateway.Tests.Common;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// Answers without a body (204, 304, an answer to HEAD, a Content-Length of 0) reach a keep-alive client at once, and the
/// connection serves the next request: the HTTP/1.1 core once wrote such a head and sent it only with the connection's
/// next answer or its end, so a client that waited for it hung. Runs on both HTTP paths (test.sh).
/// </summary>
public class BodilessAnswersTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("GET", "/empty/204", HttpStatusCode.NoContent)]
    [InlineData("GET", "/empty/304", HttpStatusCode.NotModified)]
    [InlineData("GET", "/empty/200", HttpStatusCode.OK)]
    [InlineData("HEAD", "/x", HttpStatusCode.OK)]
    [InlineData("PUT", "/empty/204", HttpStatusCode.NoContent)]
    public async Task ABodilessAnswer_ArrivesAtOnce_OnAKeptAliveConnection(string method, string path, HttpStatusCode expected)
    {
        await using var host = await GatewayTestHost.StartAsync(OneRoute(backends.A));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 }; // one connection: the second request reuses it
        using var client = new HttpClient(handler);

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), host.Url("web", path));
            using var response = await client.SendAsync(request).WaitAsync(Limit);
            Assert.Equal(expected, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync().WaitAsync(Limit));
        }

        // And an answer with a body after them, on the same connection.
        using var echo = await client.GetAsync(host.Url("web", "/after")).WaitAsync(Limit);
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        Assert.Contains("/after", await echo.Content.ReadAsStringAsync().WaitAsync(Limit), StringComparison.Ordinal);
    }
}
