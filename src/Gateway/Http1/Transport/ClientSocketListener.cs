using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Http1.Transport;

/// <summary>The listening socket of an endpoint <see cref="ClientSocketTransportFactory"/> binds: accepts, as Kestrel's socket listener does.</summary>
internal sealed class ClientSocketListener(Socket socket, ClientSocketTransportFactory factory) : IConnectionListener
{
    public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var accepted = await socket.AcceptAsync(cancellationToken);
                return factory.Accepted(accepted);
            }
            catch (ObjectDisposedException)
            {
                return null; // unbound
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null; // unbound while accepting
            }
            catch (SocketException e)
            {
                // The client reset the connection before it was accepted: the next one.
                factory.AcceptFailed(e);
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
