using System.Net;
using Gateway.Connections;
using Gateway.Tests.Common;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;
using Gateway.Forwarding.SendProxyHeader;
using Gateway.Tests.Http;

namespace Gateway.Tests.Connections;

/// <summary>
/// The listener's middleware for HTTP/3 (QUIC) connections, called directly: QUIC itself cannot run
/// here (no libmsquic), but what the middleware decides does not depend on it.
/// </summary>
public class ListenerQuicConnectionMiddlewareTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private static readonly IPEndPoint Client = IPEndPoint.Parse("192.0.2.7:40000");
    private static readonly IPEndPoint Local = IPEndPoint.Parse("127.0.0.1:443");

    [Fact]
    public async Task Every_stream_carries_the_listener_and_the_connection_s_send_proxy_pools()
    {
        await using var host = await GatewayTestHost.StartAsync(OneRoute(backends.A));
        var streams = new List<ConnectionContext>();
        await using var connection = new FakeQuicConnection(Client, Local, streams: 2);

        await Middleware(host, async quic => streams.AddRange([(await quic.AcceptAsync())!, (await quic.AcceptAsync())!])).OnConnectionAsync(connection);

        Assert.Equal(2, streams.Count);
        Assert.All(streams, s => Assert.Equal("web", s.Features.Get<IGatewayListenerFeature>()?.ListenerId));
        var pools = streams.Select(s => s.Features.Get<SendProxyConnectionFeature>()).Distinct().ToList();
        Assert.NotNull(Assert.Single(pools));
        Assert.Equal("web", connection.Features.Get<IGatewayListenerFeature>()?.ListenerId);
    }

    [Fact]
    public async Task A_tcp_request_reject_closes_the_connection_before_http()
    {
        var config = OneRoute(backends.A) with { Listeners = [Listener() with { Rules = "tcp-request connection reject if { src 192.0.2.0/24 } { dst_port 443 }" }] };
        await using var host = await GatewayTestHost.StartAsync(config);
        await using var rejected = new FakeQuicConnection(Client, Local, streams: 1);
        await using var accepted = new FakeQuicConnection(IPEndPoint.Parse("198.51.100.9:1"), Local, streams: 1);
        var served = new List<MultiplexedConnectionContext>();

        var middleware = Middleware(host, quic => { served.Add(quic); return Task.CompletedTask; });
        await middleware.OnConnectionAsync(rejected);
        await middleware.OnConnectionAsync(accepted);

        Assert.True(rejected.Aborted);
        Assert.False(accepted.Aborted);
        Assert.Single(served);
        Assert.Equal(1, host.Services.GetRequiredService<ConnectionCounters>().Rejected("web"));
    }

    [Fact]
    public async Task Quic_and_tcp_connections_share_the_listener_s_connection_limit()
    {
        var config = OneRoute(backends.A) with { Listeners = [Listener() with { MaxConnections = 1 }] };
        await using var host = await GatewayTestHost.StartAsync(config);
        var counters = host.Services.GetRequiredService<ConnectionCounters>();
        await using var connection = new FakeQuicConnection(Client, Local, streams: 1);
        var servedQuic = new TaskCompletionSource();

        var held = host.Client.GetAsync(host.Url("web", "/hold/quic-limit"));
        await backends.A.Arrived("quic-limit");
        var quic = Middleware(host, _ => { servedQuic.SetResult(); return Task.CompletedTask; }).OnConnectionAsync(connection);
        await Eventually.TrueAsync(() => counters.Waiting("web") == 1, "the QUIC connection to wait behind the TCP one");
        Assert.False(servedQuic.Task.IsCompleted);

        backends.A.Release("quic-limit");
        await held;
        host.Client.CancelPendingRequests();
        host.Client.Dispose();
        await quic;
        Assert.True(servedQuic.Task.IsCompleted);
        Assert.Equal(0, counters.Waiting("web"));
    }

    private static ListenerQuicConnectionMiddleware Middleware(GatewayTestHost host, Func<MultiplexedConnectionContext, Task> next) =>
        new(connection => next(connection), "web", ListenerConnectionServices.From(host.Services));
}
