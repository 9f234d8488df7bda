using System.IO.Pipelines;
using System.Net;
using Gateway.Http1.Sockets;
using Gateway.Http1.Transport;
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
/// connection that negotiated HTTP/2. On a connection of the core's own transport (<see cref="ClientSocketConnection"/>)
/// it reads and writes the socket itself, and gives it back to Kestrel's socket connection on a hand-off.
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
        var socketConnection = tls is null ? connection as ClientSocketConnection : null;
        var owned = socketConnection?.TryTakeSocket();
        var direct = owned?.Output ?? DirectOutput(connection, tls);
        var handOff = false;
        try
        {
            var input = owned?.Input ?? connection.Transport.Input;
            handOff = await new Http1Connection(connection, input, direct ?? connection.Transport.Output, listenerId, client, services).RunAsync();
            if (direct is not null)
            {
                // All the core wrote is in the kernel before Kestrel writes through its own pipe (a hand-off) or shuts the
                // socket down (the connection's end, after this returns): nothing lost, nothing overtaken.
                await direct.CompleteAsync();
            }
        }
        finally
        {
            direct?.Complete();
            socketConnection?.ReleaseSocket(handOff); // nothing when the core did not take its socket
        }

        if (handOff)
        {
            await next(connection);
        }
    }

    /// <summary>
    /// On a plain TCP connection of Kestrel's socket transport the core writes to the client's socket itself
    /// (<see cref="SocketPipeWriter"/>), not through the transport's output pipe and its send loop: those cost 3.5–7 % of
    /// the core's CPU per request for nothing the core needs (hand-written for the same reason as the server side's
    /// <see cref="SocketPipeReader"/>). A failed send aborts the connection, as a failure of Kestrel's send loop does, so
    /// <c>ConnectionClosed</c> fires. Over TLS the bytes must go through the TLS stream: Kestrel's pipe stays. So does a
    /// transport some other connection middleware wrapped (a host's <c>UseConnectionLogging</c>, say): only an output
    /// that is still a <see cref="Pipe"/>'s writer, as the socket transport makes it, is bypassed.
    /// </summary>
    internal static SocketPipeWriter? DirectOutput(ConnectionContext connection, ITlsHandshakeFeature? tls) =>
        tls is null && connection.Features.Get<ITlsConnectionFeature>() is null && connection.Transport.Output.GetType() == PipeWriterType
            && connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket
            ? new SocketPipeWriter(socket, connection)
            : null;

    /// <summary>The type of a <see cref="Pipe"/>'s writer (internal to System.IO.Pipelines), which the socket transport's output is.</summary>
    private static readonly Type PipeWriterType = new Pipe().Writer.GetType();
}
