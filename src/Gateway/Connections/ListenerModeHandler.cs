using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Gateway.Forwarding.SendProxyHeader;
using Gateway.Model;
using Gateway.Tcp;

namespace Gateway.Connections;

/// <summary>
/// The last step of a listener's connection middleware: a TCP-mode listener's connection goes to
/// the TCP forwarder; an HTTP listener's goes on to Kestrel's HTTP (and the HTTP/1.1 core before it), with the
/// listener's client timeouts (<see cref="RequestHeaderWatchdog"/>) and body rate, and the connection pools
/// its requests to send-proxy clusters will use, closed with it. The mode is read per connection
/// from the snapshot, so a change applies to the next connection.
/// </summary>
internal sealed class ListenerModeHandler(TcpForwarder tcp, ConnectionHeartbeat heartbeat, IOptions<KestrelServerOptions> kestrel)
{
    // Immutable and the same for every connection of listeners with the same rate: shared, not made per connection.
    private RequestBodyRateLimit? _bodyRate;

    public Task RunAsync(ConnectionContext connection, string listenerId, GatewaySnapshot snapshot, ConnectionDelegate next)
    {
        var listener = snapshot.Listener(listenerId);
        if (listener?.Mode == ListenerMode.Tcp)
        {
            return tcp.ForwardAsync(connection, listenerId, listener, snapshot);
        }

        RequestHeaderWatchdog? watchdog = null;
        if (listener is not null)
        {
            // The keep-alive wait is the listener's IdleTimeout, or else Kestrel's own KeepAliveTimeout (130 s unless the
            // host changed it), which bounds the Kestrel path's keep-alive anyway: both paths keep a connection as long.
            watchdog = new RequestHeaderWatchdog(connection, listener.RequestHeaderTimeout ?? ListenerConfig.DefaultRequestHeaderTimeout,
                listener.IdleTimeout ?? kestrel.Value.Limits.KeepAliveTimeout, heartbeat);
            connection.Features.Set(watchdog);
            connection.Features.Set(BodyRate(listener.MinRequestBodyRate ?? ListenerConfig.DefaultMinRequestBodyRate));
        }

        // Set on every HTTP connection (it allocates nothing more until a send-proxy cluster is
        // used), so a send-proxy cluster added while a keep-alive connection is open works on it too.
        var sendProxy = new SendProxyConnectionFeature(connection.RemoteEndPoint, connection.LocalEndPoint);
        connection.Features.Set(sendProxy);
        return ServeHttpAsync(connection, next, sendProxy, ClientHalfClose.Install(connection, heartbeat), watchdog);
    }

    private RequestBodyRateLimit BodyRate(int bytesPerSecond)
    {
        var shared = Volatile.Read(ref _bodyRate);
        if (shared is null || shared.BytesPerSecond != Math.Max(0, bytesPerSecond))
        {
            shared = new RequestBodyRateLimit(bytesPerSecond, ListenerConfig.MinRequestBodyRateGrace);
            Volatile.Write(ref _bodyRate, shared);
        }

        return shared;
    }

    private static async Task ServeHttpAsync(ConnectionContext connection, ConnectionDelegate next, SendProxyConnectionFeature sendProxy, ClientHalfClose? halfClose, RequestHeaderWatchdog? watchdog)
    {
        try
        {
            await next(connection);
        }
        finally
        {
            watchdog?.Dispose();
            sendProxy.Dispose();
            halfClose?.Dispose();
        }
    }
}
