using System.Net;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Gateway.Tests.Connections;
using Gateway.Tests.Tcp;
using Gateway.Tests.Tls;

namespace Gateway.Tests.Listeners;

/// <summary>A listener that gains TLS or changes mode while the gateway runs, next to a listener that keeps serving a held request.</summary>
public class ListenerTlsAndModeSwitchTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_cleartext_listener_given_certificates_serves_tls_without_restart_while_another_finishes_a_held_request()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var certificate = TestCertificates.Create("edge", "edge.example");
        var first = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("edge")] };
        await using var gateway = await GatewayTestHost.StartAsync(first);
        using var plain = await gateway.Client.GetAsync(gateway.Url("edge", "/before"));
        var held = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/tls"));
        await backend.Arrived("tls").WaitAsync(Limit);

        gateway.Source.Update(first with
        {
            Certificates = [certificate.Config],
            Listeners = [first.Listeners[0], first.Listeners[1] with { Certificates = ["edge"] }],
        });
        await Eventually.TrueAsync(() => gateway.Listener("edge") is { Plan.Tls: true, State: ListenerState.Bound }, "edge rebound with TLS");
        var edge = gateway.Url("edge");
        var (thumbprint, _) = await TlsClient.HandshakeAsync(edge, "edge.example");
        using var https = TlsClient.Http(edge);
        using var secured = await https.GetAsync(new Uri($"https://edge.example:{edge.Port}/after"));
        var stillHeld = held.IsCompleted;
        backend.Release("tls");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(certificate.Thumbprint, thumbprint);
        Assert.Equal(HttpStatusCode.OK, secured.StatusCode);
        Assert.Equal("b1", secured.Headers.GetValues("X-Backend").Single());
        Assert.False(stillHeld);
        Assert.Equal("b1:held", await held.WaitAsync(Limit));
    }

    [Fact]
    public async Task A_listener_switched_to_tcp_mode_forwards_its_next_connections_on_the_same_socket()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var echo = TcpTestServer.Start("echo");
        var first = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener(), TestConfigs.Listener("edge")] };
        first = first with { Routes = [first.Routes[0] with { Listeners = ["web"] }], Clusters = [.. first.Clusters, new() { Id = "echo", Servers = [new() { Id = "e", Address = echo.Address }] }] };
        await using var gateway = await GatewayTestHost.StartAsync(first);
        var before = gateway.Url("edge");
        var held = gateway.Client.GetStringAsync(gateway.Url("web", "/hold/mode"));
        await backend.Arrived("mode").WaitAsync(Limit);

        gateway.Source.Update(first with { Listeners = [first.Listeners[0], first.Listeners[1] with { Mode = ListenerMode.Tcp, DefaultCluster = "echo" }] });
        await TcpModeTests.EchoOnceAsync(gateway, "edge");
        backend.Release("mode");

        Assert.Equal(before, gateway.Url("edge")); // mode is read per connection: no rebind
        Assert.Equal(1, echo.Accepted);
        Assert.Equal("b1:held", await held.WaitAsync(Limit));
    }
}
