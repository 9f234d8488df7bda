using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Connections;
using Gateway.Forwarding.SendProxyHeader;
using Gateway.Model;
using Gateway.Tcp;

namespace Gateway.Connections;

/// <summary>
/// The last step of a listener's connection middleware: a TCP-mode listener's connection goes to
/// the TCP forwarder; an HTTP listener's goes on to Kestrel's HTTP, carrying the connection pools
/// its requests to send-proxy clusters will use, closed with it. The mode is read per connection
/// from the snapshot, so a change applies to the next connection.
/// </summary>
internal sealed class ListenerModeHandler(TcpForwarder tcp, ConnectionHeartbeat heartbeat)
{
    public Task RunAsync(ConnectionContext connection, string listenerId, GatewaySnapshot snapshot, ConnectionDelegate next)
    {
        var listener = snapshot.Listener(listenerId);
        if (listener?.Mode == ListenerMode.Tcp)
        {
            return tcp.ForwardAsync(connection, listenerId, listener, snapshot);
        }

        // Set on every HTTP connection (it allocates nothing more until a send-proxy cluster is
        // used), so a send-proxy cluster added while a keep-alive connection is open works on it too.
        var sendProxy = new SendProxyConnectionFeature(connection.RemoteEndPoint, connection.LocalEndPoint);
        connection.Features.Set(sendProxy);
        return ServeHttpAsync(connection, next, sendProxy, ClientHalfClose.Install(connection, heartbeat));
    }

    private static async Task ServeHttpAsync(ConnectionContext connection, ConnectionDelegate next, SendProxyConnectionFeature sendProxy, ClientHalfClose? halfClose)
    {
        try
        {
            await next(connection);
        }
        finally
        {
            sendProxy.Dispose();
            halfClose?.Dispose();
        }
    }
}
