using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Http1.Proxy;
using Gateway.Tests.Common;
using Gateway.Tests.Connections;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http1;

/// <summary>The HTTP/1.1 core on a listener that turns it on: what it forwards, what it refuses, what it hands to Kestrel, how it reuses server connections.</summary>
public class Http1CoreTests
{
    private static GatewayConfig Config(RawServer server, string reuse = HttpReuseModes.Safe, TimeSpan? headerTimeout = null) => new()
    {
        Listeners = [Listener() with { Http1Core = true, RequestHeaderTimeout = headerTimeout }],
        Routes = [Route("all", "c")],
        Clusters = [new ClusterConfig { Id = "c", HttpReuse = reuse, Servers = [new ServerConfig { Id = "s", Address = server.Url }] }],
    };

    private static Http1Services Core(GatewayTestHost host) => host.Services.GetRequiredService<Http1Services>();

    [Fact]
    public async Task KeepAliveRequests_AreServedByTheCore_OnOneServerConnection_WithForwardedHeaders()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));
        var before = Core(host).Served;

        for (var i = 0; i < 5; i++)
        {
            var response = await host.Client.GetAsync(host.Url("web", $"/items/{i}?q=1"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(5, Core(host).Served - before);
        Assert.Equal(1, server.Connections);
        var first = server.Requests.First();
        Assert.StartsWith("GET /items/0?q=1 HTTP/1.1\r\n", first, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Forwarded-For: 127.0.0.1\r\n", first, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Forwarded-Proto: http\r\n", first, StringComparison.Ordinal);
        Assert.Contains($"\r\nHost: 127.0.0.1:{host.Url("web").Port}\r\n", first, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Smuggling => new()
    {
        { "CL and TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        { "two CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd" },
        { "CL list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 4\r\n\r\nabcd" },
        { "signed CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +4\r\n\r\nabcd" },
        { "final coding not chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabcd" },
        { "two TE", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
        { "obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n" },
        { "bare CR", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n" },
        { "space before colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n" },
        { "NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n" },
        { "no Host", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n" },
        { "two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" },
        { "space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "bad method", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Smuggling))]
    public async Task AmbiguousOrMalformedHeads_Get400_AndNothingReachesTheServer(string why, string request)
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));

        var answer = await RawHttp.ExchangeAsync(host.Url("web"), Encoding.ASCII.GetBytes(request)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(answer is not null && answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), $"{why}: {answer}");
        Assert.Empty(server.Requests);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ChunkedBodyMalformedMidway_ClosesTheServerConnection_NeverReusesIt()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server, HttpReuseModes.Always));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/warm"))).StatusCode);
        Assert.Equal(1, server.Connections);

        var broken = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n";
        var answer = await RawHttp.ExchangeAsync(host.Url("web"), Encoding.ASCII.GetBytes(broken)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(answer is null || answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), answer);
        await Eventually.TrueAsync(() => server.Closed >= 1, "the server connection with half a request closed");
        // The next request, even with reuse "always", cannot get the connection that carried half a request.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/after"))).StatusCode);
        Assert.Equal(2, server.Connections);
        Assert.DoesNotContain(server.Requests, r => r.Contains("/upload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARequestTheCoreDoesNotServe_GoesToKestrel_WithItsBytes_OnTheSameConnection()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));
        var handedOff = Core(host).HandedOff;

        // Pipelined in one send: the core serves the first, Kestrel (and YARP) the HTTP/1.0 one after it.
        var bytes = Encoding.ASCII.GetBytes("GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.0\r\nHost: a\r\n\r\n");
        var answer = await RawHttp.ExchangeAsync(host.Url("web"), bytes).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(answer);
        Assert.Equal(2, answer.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.Equal(handedOff + 1, Core(host).HandedOff);
        Assert.Contains(server.Requests, r => r.StartsWith("GET /second ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpReuseModes.Never, 2)]
    [InlineData(HttpReuseModes.Safe, 2)]
    [InlineData(HttpReuseModes.Aggressive, 2)]
    [InlineData(HttpReuseModes.Always, 1)]
    public async Task FirstRequestsOfTwoClients_ShareAnIdleConnection_OnlyAsTheStrategyAllows(string reuse, int connections)
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server, reuse));

        for (var client = 0; client < 2; client++)
        {
            var answer = await RawHttp.ExchangeAsync(host.Url("web"), RawHttp.Get("/one")).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains("200 OK", answer, StringComparison.Ordinal);
        }

        Assert.Equal(connections, server.Connections);
    }

    [Fact]
    public async Task Aggressive_LetsAFirstRequestReuseAValidatedConnection()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server, HttpReuseModes.Aggressive));
        // One client, two requests: its connection serves both and becomes validated.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/2"))).StatusCode);

        var answer = await RawHttp.ExchangeAsync(host.Url("web"), RawHttp.Get("/other-client")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("200 OK", answer, StringComparison.Ordinal);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task AServerThatClosesRightAfterAnswering_GetsEachLaterRequestOnANewConnection_AndTheClientSeesNoError()
    {
        await using var server = new RawServer(closeAfterAnswer: true);
        await using var host = await GatewayTestHost.StartAsync(Config(server));

        // One client connection: its later requests take the idle server connection at once (no poll so soon after it
        // was put back), find it closed, and go again on a new one: a GET, and a POST whose body is kept for retries.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(host.Url("web", "/2"), new StringContent("abc"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(host.Url("web", "/3"))).StatusCode);

        Assert.Equal(3, server.Requests.Count);
        Assert.EndsWith("\r\n\r\nabc", server.Requests.ElementAt(1), StringComparison.Ordinal);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task ASlowClient_IsClosedAtTheListenersRequestHeaderTimeout()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server, headerTimeout: TimeSpan.FromMilliseconds(500)));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.Url("web").Port);

        await socket.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n"u8.ToArray());
        var buffer = new byte[256];
        int read;
        try
        {
            read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0; // aborted: closed all the same
        }

        Assert.Equal(0, read);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ContentLengthAndChunkedBodies_AreRelayedAsSent()
    {
        await using var server = new RawServer();
        await using var host = await GatewayTestHost.StartAsync(Config(server));

        var fixedBody = await host.Client.PostAsync(host.Url("web", "/fixed"), new StringContent(new string('x', 20_000)));
        var chunked = new HttpRequestMessage(HttpMethod.Post, host.Url("web", "/chunked")) { Content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("hello chunks"))) };
        chunked.Headers.TransferEncodingChunked = true;
        var chunkedAnswer = await host.Client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.OK, fixedBody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chunkedAnswer.StatusCode);
        var requests = server.Requests.ToArray();
        Assert.EndsWith(new string('x', 20_000), requests[0], StringComparison.Ordinal);
        Assert.Contains("Content-Length: 20000\r\n", requests[0], StringComparison.Ordinal);
        Assert.Contains("Transfer-Encoding: chunked\r\n", requests[1], StringComparison.Ordinal);
        Assert.Contains("hello chunks", requests[1], StringComparison.Ordinal);
    }
}
