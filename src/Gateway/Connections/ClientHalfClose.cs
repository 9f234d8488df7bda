using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Gateway.Connections;

/// <summary>
/// Lets an HTTP client half-close. Kestrel's socket transport signals <see cref="BaseConnectionContext.ConnectionClosed"/> as
/// soon as the client's FIN arrives, and both HTTP paths took that for "the client went away": Kestrel's HTTP/1.1 server
/// drops the response, the HTTP/1.1 core cancelled the forward. So a client that sends its whole request and then shuts
/// down its sending side (HTTP/1.0-style clients, <c>nc -q</c>) never got its answer, where HAProxy and nginx answer it.
/// For everything after the listener's middleware, this replaces the connection's token by one that fires when the client
/// is gone, not at its FIN: the transport closed the socket (an abort, a failed send, the connection's end), the peer reset
/// it, or the HTTP server is done with the connection. A FIN alone makes the socket watched on the shared heartbeat until
/// one of those happens. A client that half-closes in the middle of a request still ends that request: the body's reader
/// sees the input end early, as before; and a FIN still ends a request that is waiting (<see cref="InputEnded"/>).
/// </summary>
internal sealed class ClientHalfClose : IHeartbeatWatch, IDisposable
{
    private readonly CancellationTokenSource _gone = new();
    private readonly ConnectionContext _connection;
    private readonly Socket _socket;
    private readonly ConnectionHeartbeat _heartbeat;
    private readonly CancellationToken _transportClosed;
    private readonly CancellationTokenRegistration _registration;
    private int _fired;

    private ClientHalfClose(ConnectionContext connection, Socket socket, ConnectionHeartbeat heartbeat)
    {
        _connection = connection;
        _socket = socket;
        _heartbeat = heartbeat;
        _transportClosed = connection.ConnectionClosed;
        connection.ConnectionClosed = _gone.Token;
        _registration = _transportClosed.UnsafeRegister(static state => ((ClientHalfClose)state!).OnTransportClosed(), this);
    }

    /// <summary>
    /// Installs the tolerant token on a connection of Kestrel's socket transport on Linux, where a FIN can be told from a
    /// reset; elsewhere (another transport, another OS) the connection keeps the transport's own token, as before.
    /// </summary>
    public static ClientHalfClose? Install(ConnectionContext connection, ConnectionHeartbeat heartbeat)
    {
        if (!OperatingSystem.IsLinux() || connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return null;
        }

        var halfClose = new ClientHalfClose(connection, socket, heartbeat);
        connection.Features.Set(halfClose);
        return halfClose;
    }

    /// <summary>
    /// Fires at the client's FIN as well as when it is gone: what ends a request's waits (rate-limit checkpoints,
    /// concurrency and server queues, tarpit), as HAProxy's <c>option abortonclose</c> drops requests still queued, since a
    /// client that closed cannot be told from one that half-closed. A request already on its way to a server is not ended
    /// by a FIN.
    /// </summary>
    public CancellationToken InputEnded => _transportClosed;

    /// <summary>
    /// The token a request's waits end on: <see cref="InputEnded"/> for an HTTP/1.x request on a connection that has one;
    /// otherwise the request's own <see cref="HttpContext.RequestAborted"/> (an HTTP/2 or HTTP/3 stream can end alone).
    /// </summary>
    public static CancellationToken WaitToken(HttpContext context) =>
        context.Features.Get<ClientHalfClose>() is { } halfClose && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
            ? halfClose.InputEnded
            : context.RequestAborted;

    private void OnTransportClosed()
    {
        if (OnlyHalfClosed())
        {
            _heartbeat.Watch(this);
            return;
        }

        Fire();
    }

    public bool OnHeartbeat(long timestamp)
    {
        if (Volatile.Read(ref _fired) == 1)
        {
            return false;
        }

        if (OnlyHalfClosed())
        {
            return true;
        }

        Fire();
        return false;
    }

    /// <summary>
    /// The socket is still open and the peer's side is in CLOSE_WAIT: it sent a FIN and nothing worse. A reset, an abort
    /// or a failed send (the transport disposes the socket then) ends that state.
    /// </summary>
    private bool OnlyHalfClosed() => TcpConnectionState.Read(_socket) == TcpConnectionState.CloseWait;

    private void Fire()
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _gone.Cancel();
        }
    }

    /// <summary>The HTTP server is done with the connection: what waited on the token runs, and the transport's token is back.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        _heartbeat.Unwatch(this);
        Fire();
        _connection.ConnectionClosed = _transportClosed;
        _gone.Dispose();
    }
}
