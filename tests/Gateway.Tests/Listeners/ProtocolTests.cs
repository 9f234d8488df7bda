using System.Security.Cryptography;
using System.Net;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Gateway.Tests.Connections;
using Gateway.Tests.Common;
using Microsoft.Extensions.Logging;
using Gateway.Tests.Tls;

namespace Gateway.Tests.Listeners;

public class ProtocolTests
{
    private const ListenerProtocols Http1And3 = ListenerProtocols.Http1 | ListenerProtocols.Http3;
    private const ListenerProtocols Http1And2And3 = Http1And3 | ListenerProtocols.Http2;
    private static readonly TestCertificate Site = TestCertificates.Create("site", "localhost");

    private static ListenerConfig TlsListener(string id, ListenerProtocols protocols) =>
        TestConfigs.Listener(id) with { Protocols = protocols, Certificates = [Site.Id] };

    private static HttpRequestMessage Get(Uri listener, string path, Version version) =>
        new(HttpMethod.Get, new Uri(listener, path)) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    [WithoutQuicFact]
    public async Task Http3_WithoutLibmsquic_WarnsOnceNamingIt_AndKeepsServingHttp1AndHttp2OverTls()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var first = TestConfigs.OneRoute(backend) with
        {
            Listeners = [TlsListener("web", Http1And2And3)],
            Certificates = [Site.Config],
        };
        await using var gateway = await GatewayTestHost.StartAsync(first);

        gateway.Source.Update(first with { Listeners = [.. first.Listeners, TlsListener("later", Http1And3)] });
        await gateway.ListenerStateAsync("later", ListenerState.Bound);
        var web = gateway.Url("web");
        using var client = TlsClient.Http(web);
        using var laterClient = TlsClient.Http(gateway.Url("later"));
        using var http1 = await client.SendAsync(Get(web, "/h1", HttpVersion.Version11));
        using var http2 = await client.SendAsync(Get(web, "/h2", HttpVersion.Version20));
        using var later = await laterClient.SendAsync(Get(gateway.Url("later"), "/h1", HttpVersion.Version11));

        var warning = Assert.Single(gateway.Logs.Entries, e => e.EventId.Name == "Http3Unavailable");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("libmsquic", warning.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (http1.StatusCode, http1.Version));
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (http2.StatusCode, http2.Version));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.False(http1.Headers.Contains("Alt-Svc"), "HTTP/3 was advertised although it cannot be served");
    }

    [QuicFact]
    public async Task Http3_OnATlsListener_ServesHttp3()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend) with { Listeners = [TlsListener("web", Http1And3)], Certificates = [Site.Config] };
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var web = gateway.Url("web");
        using var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == Site.Thumbprint } });

        using var http3 = await client.SendAsync(Get(web, "/h3", HttpVersion.Version30));

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version30), (http3.StatusCode, http3.Version));
        Assert.Equal("b1", http3.Headers.GetValues("X-Backend").Single());
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
