using Gateway.Core.StickTables;
using Microsoft.AspNetCore.Connections;
using Gateway.Forwarding.SendProxyHeader;

namespace Gateway.Connections;

/// <summary>
/// What <see cref="ListenerConnectionMiddleware"/> does for TCP connections, for a listener's QUIC
/// (HTTP/3) connections, which Kestrel runs through a separate pipeline: the listener's connection
/// limit, its <c>tcp-request connection</c> rules (after the QUIC handshake, which the transport
/// does before any middleware), and the features HTTP requests rely on. A QUIC connection carries
/// no PROXY header (it is UDP), so its addresses are the datagrams' own.
/// </summary>
internal sealed class ListenerQuicConnectionMiddleware(MultiplexedConnectionDelegate next, string listenerId, ListenerConnectionServices services)
{
    private readonly GatewayListenerFeature _feature = new(listenerId);
    private readonly ConnectionLimiter _limiter = services.Counters.Limiter(listenerId);

    public async Task OnConnectionAsync(MultiplexedConnectionContext connection)
    {
        var snapshot = services.Snapshots.Current;
        var limit = snapshot.Listener(listenerId)?.MaxConnections;
        if (limit is not null && !await _limiter.EnterAsync(limit, connection.ConnectionClosed))
        {
            return;
        }

        StickTracking? tracking = null;
        try
        {
            var verdict = await ConnectionRules.RunAsync(connection, listenerId, snapshot, services);
            tracking = verdict.Tracking;
            if (verdict.Rejected)
            {
                connection.Abort(new ConnectionAbortedException("Rejected by a tcp-request connection rule."));
                return;
            }

            using var sendProxy = new SendProxyConnectionFeature(connection.RemoteEndPoint, connection.LocalEndPoint);
            connection.Features.Set<IGatewayListenerFeature>(_feature);
            await next(new ListenerQuicConnection(connection, _feature, sendProxy));
        }
        finally
        {
            tracking?.Release();
            if (limit is not null)
            {
                _limiter.Exit();
            }
        }
    }
}
