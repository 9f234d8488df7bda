using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Gateway.Forwarding.SendProxyHeader;

namespace Gateway.Connections;

/// <summary>
/// A QUIC connection as Kestrel's HTTP/3 sees it, with the listener's features set on every stream
/// it accepts: an HTTP/3 request's connection features are its stream's, not the connection's, so
/// this is where the listener tag and the send-proxy pools reach the request.
/// </summary>
internal sealed class ListenerQuicConnection(MultiplexedConnectionContext inner, IGatewayListenerFeature listener, SendProxyConnectionFeature sendProxy)
    : MultiplexedConnectionContext
{
    public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }

    public override IFeatureCollection Features => inner.Features;

    public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }

    public override CancellationToken ConnectionClosed { get => inner.ConnectionClosed; set => inner.ConnectionClosed = value; }

    public override EndPoint? LocalEndPoint { get => inner.LocalEndPoint; set => inner.LocalEndPoint = value; }

    public override EndPoint? RemoteEndPoint { get => inner.RemoteEndPoint; set => inner.RemoteEndPoint = value; }

    public override async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        var stream = await inner.AcceptAsync(cancellationToken);
        if (stream is not null)
        {
            // Set on every accept: Kestrel pools stream contexts, so a reused one may carry another connection's.
            stream.Features.Set(listener);
            stream.Features.Set(sendProxy);
        }

        return stream;
    }

    public override ValueTask<ConnectionContext> ConnectAsync(IFeatureCollection? features = null, CancellationToken cancellationToken = default) =>
        inner.ConnectAsync(features, cancellationToken);

    public override void Abort() => inner.Abort();

    public override void Abort(ConnectionAbortedException abortReason) => inner.Abort(abortReason);

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
