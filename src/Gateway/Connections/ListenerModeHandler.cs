using Gateway.Connections.Tcp;
using Gateway.Core.Configuration;
using Gateway.Snapshots;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Connections;

/// <summary>
/// The last step of a listener's connection middleware: a TCP-mode listener's connection goes to
/// the TCP forwarder; an HTTP listener's goes on to Kestrel's HTTP. The mode is read per
/// connection from the snapshot, so a change applies to the next connection.
/// </summary>
internal sealed class ListenerModeHandler(TcpForwarder tcp)
{
    public Task RunAsync(ConnectionContext connection, string listenerId, GatewaySnapshot snapshot, ConnectionDelegate next)
    {
        var listener = snapshot.Listener(listenerId);
        return listener?.Mode == ListenerMode.Tcp
            ? tcp.ForwardAsync(connection, listenerId, listener, snapshot)
            : next(connection);
    }
}
