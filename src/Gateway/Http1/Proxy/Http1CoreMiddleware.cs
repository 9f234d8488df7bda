using System.Net;
using Gateway.ProxyProtocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Gateway.Http1.Proxy;

/// <summary>
/// The HTTP/1.1 proxy core as connection middleware, after TLS: on a listener the core serves it answers HTTP/1.1
/// requests itself (<see cref="Http1Connection"/>); the connection goes on to Kestrel's HTTP server (and YARP) from the
/// first request the core leaves alone, with that request's bytes still unread in the pipe, and at once for a TLS
/// connection that negotiated HTTP/2.
/// </summary>
internal sealed class Http1CoreMiddleware(ConnectionDelegate next, string listenerId, Http1Services services)
{
    public Task OnConnectionAsync(ConnectionContext connection)
    {
        var plan = Http1Plan.For(services.Snapshots.Current, listenerId, services.Options.Http1CoreByDefault);
        if (plan.NotServed is not null)
        {
            return next(connection);
        }

        var tls = connection.Features.Get<ITlsHandshakeFeature>();
        var alpn = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol;
        if (alpn is { Length: > 0 } protocol && !protocol.Span.SequenceEqual("http/1.1"u8))
        {
            return next(connection);
        }

        return ServeAsync(connection, tls);
    }

    private async Task ServeAsync(ConnectionContext connection, ITlsHandshakeFeature? tls)
    {
        var client = new Http1ClientInfo(
            connection.RemoteEndPoint as IPEndPoint,
            connection.LocalEndPoint as IPEndPoint,
            tls is not null,
            tls?.HostName is { Length: > 0 } name ? name : null,
            connection.Features.Get<IProxyProtocolFeature>());
        var handOff = await new Http1Connection(connection, listenerId, client, services).RunAsync();
        if (handOff)
        {
            await next(connection);
        }
    }
}
