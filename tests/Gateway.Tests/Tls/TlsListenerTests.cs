using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Security.Authentication;
using Gateway.Connections;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

using Microsoft.Extensions.DependencyInjection;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Tls;

public class TlsListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static readonly TestCertificate Site = TestCertificates.Create("site", "www.example.com", "example.com");
    private static readonly TestCertificate Api = TestCertificates.Create("api", "*.api.example.com");

    private GatewayConfig Tls(ListenerProtocols protocols = ListenerProtocols.Http1, bool strict = false, string? rules = null, params TestCertificate[] certificates)
    {
        certificates = certificates.Length == 0 ? [Site, Api] : certificates;
        return OneRoute(backends.A) with
        {
            Listeners = [Listener() with { Protocols = protocols, Certificates = [.. certificates.Select(c => c.Id)], StrictSni = strict, Rules = rules }],
            Certificates = [.. certificates.Select(c => c.Config)],
        };
    }

    [Fact]
    public async Task Handshake_PresentsTheCertificateWhoseNamesMatchTheSni_ExactThenWildcard()
    {
        await using var host = await GatewayTestHost.StartAsync(Tls());
        var url = host.Url("web");
        Assert.Equal("https", url.Scheme);

        Assert.Equal(Site.Thumbprint, (await TlsClient.HandshakeAsync(url, "www.example.com")).Thumbprint);
        Assert.Equal(Site.Thumbprint, (await TlsClient.HandshakeAsync(url, "EXAMPLE.com")).Thumbprint);
        Assert.Equal(Api.Thumbprint, (await TlsClient.HandshakeAsync(url, "eu.api.example.com")).Thumbprint);
    }

    [Fact]
    public async Task Handshake_SendsTheIntermediatesOfThePemChain_SoAClientTrustingOnlyTheRootAccepts()
    {
        var (leaf, root) = TestCertificates.CreateChain("chained", "chain.example.com");
        using var trustedRoot = root;
        await using var host = await GatewayTestHost.StartAsync(Tls(certificates: [leaf]));
        var url = host.Url("web");
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(url.Host, url.Port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // Only the root is trusted and nothing may be downloaded: the intermediate must come from the server.
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { trustedRoot },
                    RevocationMode = X509RevocationMode.NoCheck,
                    DisableCertificateDownloads = true,
                },
            },
        });

        using var response = await client.GetAsync(new Uri($"https://chain.example.com:{url.Port}/x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Handshake_WithoutSniOrWithUnknownSni_GetsTheListenersFirstCertificate()
    {
        await using var host = await GatewayTestHost.StartAsync(Tls(certificates: [Api, Site]));
        var url = host.Url("web");

        Assert.Equal(Api.Thumbprint, (await TlsClient.HandshakeAsync(url, serverName: null)).Thumbprint);
        Assert.Equal(Api.Thumbprint, (await TlsClient.HandshakeAsync(url, "unknown.test")).Thumbprint);
        // A wildcard covers one label only.
        Assert.Equal(Api.Thumbprint, (await TlsClient.HandshakeAsync(url, "api.example.com")).Thumbprint);
        Assert.Equal(Site.Thumbprint, (await TlsClient.HandshakeAsync(url, "www.example.com")).Thumbprint);
        Assert.Equal(0, host.Services.GetRequiredService<ConnectionCounters>().TlsRefused("web"));
    }

    [Fact]
    public async Task StrictSni_RefusesUnknownAndAbsentSni_CountsEach_LogsOncePerInterval()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayTestHost.StartAsync(Tls(strict: true), services: s => s.AddSingleton<TimeProvider>(clock));
        var url = host.Url("web");
        var counters = host.Services.GetRequiredService<ConnectionCounters>();

        var e1 = await Assert.ThrowsAnyAsync<Exception>(() => TlsClient.HandshakeAsync(url, "unknown.test"));
        Assert.True(1 == counters.TlsRefused("web"), e1.ToString());
        var e2 = await Assert.ThrowsAnyAsync<Exception>(() => TlsClient.HandshakeAsync(url, serverName: null));
        Assert.True(2 == counters.TlsRefused("web"), e2.ToString());
        Assert.Equal(Site.Thumbprint, (await TlsClient.HandshakeAsync(url, "www.example.com")).Thumbprint);

        Assert.Equal(2, counters.TlsRefused("web"));
        var logged = host.Logs.Entries.Where(e => e.Message.Contains("refused a TLS handshake", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(logged);
        Assert.Contains("unknown.test", line.Message, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(11));
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClient.HandshakeAsync(url, "other.test"));
        Assert.Equal(3, counters.TlsRefused("web"));
        var later = host.Logs.Entries.Where(e => e.Message.Contains("refused a TLS handshake", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, later.Count);
        Assert.Contains("(1 more such handshake(s) not logged", later[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2_IsChosenByAlpn_OnAListenerWithBothProtocols()
    {
        await using var host = await GatewayTestHost.StartAsync(Tls(ListenerProtocols.Http1 | ListenerProtocols.Http2));
        var url = host.Url("web");
        using var client = TlsClient.Http(url);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://www.example.com:{url.Port}/h2"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("h2", (await TlsClient.HandshakeAsync(url, "www.example.com", SslApplicationProtocol.Http2, SslApplicationProtocol.Http11)).Alpn);
    }

    [Fact]
    public async Task Http1OnlyListener_OffersNoH2()
    {
        await using var host = await GatewayTestHost.StartAsync(Tls());
        var url = host.Url("web");
        using var client = TlsClient.Http(url);

        using var lower = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://www.example.com:{url.Port}/h1")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        using var response = await client.SendAsync(lower);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("http/1.1", (await TlsClient.HandshakeAsync(url, "www.example.com", SslApplicationProtocol.Http2, SslApplicationProtocol.Http11)).Alpn);

        using var exact = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://www.example.com:{url.Port}/h2")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(exact));
    }

    [Fact]
    public async Task SslFcSni_IsTheClientsServerName_InHttpRequestRules()
    {
        const string rules = """
            http-request deny if { ssl_fc_sni -i blocked.api.example.com }
            http-request set-header X-Sni %[ssl_fc_sni]
            http-request set-header X-Tls %[ssl_fc]
            """;
        await using var host = await GatewayTestHost.StartAsync(Tls(rules: rules));
        var url = host.Url("web");
        using var client = TlsClient.Http(url);

        var echo = await client.GetFromJsonAsync<EchoResponse>(new Uri($"https://eu.api.example.com:{url.Port}/sni"));
        Assert.Equal("eu.api.example.com", echo!.Headers["X-Sni"]);
        Assert.Equal("1", echo.Headers["X-Tls"]);

        using var denied = await client.GetAsync(new Uri($"https://blocked.api.example.com:{url.Port}/sni"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task ReplacedCertificate_IsPresentedToNewConnections_WithoutRestart()
    {
        await using var host = await GatewayTestHost.StartAsync(Tls(certificates: [Site]));
        var url = host.Url("web");
        Assert.Equal(Site.Thumbprint, (await TlsClient.HandshakeAsync(url, "www.example.com")).Thumbprint);

        var renewed = TestCertificates.Create("site", "www.example.com");
        var generation = host.Snapshot.Generation;
        host.Source.Update(Tls(certificates: [renewed]));
        Assert.True(host.Snapshot.Generation > generation, "the update was applied");

        Assert.Equal(renewed.Thumbprint, (await TlsClient.HandshakeAsync(url, "www.example.com")).Thumbprint);
        Assert.Equal(url, host.Url("web"));
    }

    [Fact]
    public async Task ExpiredCertificate_IsServed_WithAWarningWhenItGoesLive()
    {
        var expired = TestCertificates.Create("old", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1), "old.example.com");
        await using var host = await GatewayTestHost.StartAsync(Tls(certificates: [expired]));

        Assert.Equal(expired.Thumbprint, (await TlsClient.HandshakeAsync(host.Url("web"), "old.example.com")).Thumbprint);
        var warning = Assert.Single(host.Logs.Entries, e => e.Message.Contains("Certificate old", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("expired on", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpRequestRules_RunBeforeTheHandshake()
    {
        await using var host = await GatewayTestHost.StartAsync(Tls(rules: "tcp-request connection reject if { src 127.0.0.1 }"));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TlsClient.HandshakeAsync(host.Url("web"), "www.example.com"));
        Assert.True(failure is IOException or AuthenticationException or System.Net.Sockets.SocketException, failure.ToString());
        Assert.Equal(1, host.Services.GetRequiredService<ConnectionCounters>().Rejected("web"));
        Assert.Equal(0, host.Services.GetRequiredService<ConnectionCounters>().TlsRefused("web"));
    }
}
