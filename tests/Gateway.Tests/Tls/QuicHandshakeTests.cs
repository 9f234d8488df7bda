using System.Net.Security;
using Gateway.Connections;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

using Gateway.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Gateway.Tests.Common.TestConfigs;
using Gateway.Model;
using Gateway.Tests.Http;

namespace Gateway.Tests.Tls;

/// <summary>
/// The certificate callback as Kestrel calls it for a QUIC handshake (before any connection middleware,
/// so without the listener's tag) and for a TCP one: QUIC gets ALPN h3, TCP what the listener serves.
/// </summary>
public class QuicHandshakeTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static readonly TestCertificate Site = TestCertificates.Create("site", "www.example.com");

    [Fact]
    public async Task A_quic_handshake_offers_h3_and_a_tcp_one_the_listener_s_protocols()
    {
        var config = OneRoute(backends.A) with
        {
            Listeners = [Listener() with { Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http2 | ListenerProtocols.Http3, Certificates = [Site.Id] }],
            Certificates = [Site.Config],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        var handshakes = new SniHandshakes("web", HttpProtocols.Http1AndHttp2AndHttp3,
            host.Services.GetRequiredService<IGatewaySnapshotAccessor>(), host.Services.GetRequiredService<ConnectionCounters>(),
            TimeProvider.System, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("test"));

        var quic = handshakes.Select(new DefaultConnectionContext("quic"), "www.example.com");
        var tagged = new DefaultConnectionContext("tcp");
        tagged.Features.Set<IGatewayListenerFeature>(new GatewayListenerFeature("web"));
        var tcp = handshakes.Select(tagged, "www.example.com");

        Assert.Equal([SslApplicationProtocol.Http3], quic.ApplicationProtocols);
        Assert.Equal([SslApplicationProtocol.Http2, SslApplicationProtocol.Http11], tcp.ApplicationProtocols);
        Assert.Equal(Site.Thumbprint, quic.ServerCertificateContext!.TargetCertificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
    }
}
