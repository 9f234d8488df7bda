using System.Net;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Listeners;

public class ProtocolTests
{
    private const ListenerProtocols Http1And3 = ListenerProtocols.Http1 | ListenerProtocols.Http3;

    [WithoutQuicFact]
    public async Task Http3_WithoutLibmsquic_WarnsOnceNamingIt_AndKeepsServingHttp1AndH2c()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend) with
        {
            Listeners = [TestConfigs.Listener() with { Protocols = Http1And3 }, TestConfigs.Listener("h2") with { Protocols = ListenerProtocols.Http2 | ListenerProtocols.Http3 }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(first);

        gateway.Source.Update(first with { Listeners = [.. first.Listeners, TestConfigs.Listener("later") with { Protocols = Http1And3 }] });
        await gateway.ListenerStateAsync("later", ListenerState.Bound);
        using var http1 = await gateway.Client.GetAsync(gateway.Url("web", "/h1"));
        using var later = await gateway.Client.GetAsync(gateway.Url("later", "/h1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("h2", "/h2c")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var h2c = await gateway.Client.SendAsync(request);

        var warning = Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "Http3Unavailable");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("libmsquic", warning.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (http1.StatusCode, http1.Version));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (h2c.StatusCode, h2c.Version));
        Assert.False(http1.Headers.Contains("Alt-Svc"), "HTTP/3 was advertised although it cannot be served");
    }

    [QuicFact]
    public async Task Http3_OnACleartextListener_WarnsThatItNeedsTls_AndServesHttp1()
    {
        // MERGE NOTE (tls-certs): with listener certificates, add the HTTP/3 request over TLS here
        // (HttpClient with Version 3.0 and RequestVersionExact against an https:// listener).
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener() with { Protocols = Http1And3 }] };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        using var http1 = await gateway.Client.GetAsync(gateway.Url("web", "/h1"));

        Assert.Equal(HttpStatusCode.OK, http1.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "Http3NeedsTls");
    }

    [Fact]
    public async Task H2cListener_AddedAtRuntime_ServesHttp2WithPriorKnowledge_AndRefusesHttp1()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend);
        await using var gateway = await GatewayTestHost.StartAsync(first);

        gateway.Source.Update(first with { Listeners = [.. first.Listeners, TestConfigs.Listener("h2c") with { Protocols = ListenerProtocols.Http2 }] });
        await gateway.ListenerStateAsync("h2c", ListenerState.Bound);
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("h2c", "/h2c")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var h2c = await gateway.Client.SendAsync(request);
        using var http1Request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("h2c", "/h1")) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var http1 = await gateway.Client.SendAsync(http1Request);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (h2c.StatusCode, h2c.Version));
        Assert.Equal("b1", h2c.Headers.GetValues("X-Backend").Single());
        // Kestrel answers an HTTP/1.1 request on an HTTP/2-only cleartext endpoint with 400, never with the route.
        Assert.Equal(HttpStatusCode.BadRequest, http1.StatusCode);
        Assert.False(http1.Headers.Contains("X-Backend"));
    }
}
