using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Gateway.Connections;
using Gateway.Http1.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Gateway.Http1.Transport;

/// <summary>
/// A client connection accepted by <see cref="ClientSocketTransportFactory"/>. The HTTP/1.1 core takes its socket
/// (<see cref="TryTakeSocket"/>) and reads it through a <see cref="SocketPipeReader"/> that waits for the next request on
/// the socket engine's next turn, and writes it through a <see cref="SocketPipeWriter"/>: no receive loop, no pipes.
/// Anything else that needs <see cref="Transport"/> (a PROXY header, TCP mode, Kestrel's HTTP server after the core hands
/// a request on) gets Kestrel's own socket connection on the same socket, made then; after a hand-off its input starts
/// with the bytes the core had read and left.
/// </summary>
/// <remarks>
/// Why: Kestrel's socket transport posts its next receive as soon as it has handed a request on, when the next request
/// cannot be there yet, so every request costs a receive that finds nothing (docs/benchmarks.md, issue 18), and its
/// pipe and loop sit between the socket and the core. While the core waits for a server's answer nothing reads the
/// client's socket, so a client that goes away is noticed on the shared heartbeat instead (its TCP state, once a
/// second), where Kestrel's receive loop noticed it at once: <see cref="BaseConnectionContext.ConnectionClosed"/> then
/// fires as Kestrel's does, at a FIN or a reset.
/// </remarks>
internal sealed class ClientSocketConnection : ConnectionContext, IConnectionSocketFeature, IHeartbeatWatch
{
    private static long s_lastId = DateTime.UtcNow.Ticks;

    private readonly Socket _socket;
    private readonly Lazy<SocketConnectionContextFactory> _kestrel;
    private readonly ConnectionHeartbeat _heartbeat;
    private readonly CancellationTokenSource _closed = new();
    private readonly ConnectionFeatures _features = new();
    private string? _id;
    private IDictionary<object, object?>? _items;
    private IDuplexPipe? _transport;
    private ConnectionContext? _kestrelConnection;
    private SocketPipeReader? _input;
    private Owner _owner;
    private int _closeFired;
    private bool _socketClosed;

    public ClientSocketConnection(Socket socket, Lazy<SocketConnectionContextFactory> kestrel, ConnectionHeartbeat heartbeat)
    {
        _socket = socket;
        _kestrel = kestrel;
        _heartbeat = heartbeat;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        _features.Set<IConnectionSocketFeature>(this);
        base.ConnectionClosed = _closed.Token;
    }

    private enum Owner
    {
        None,
        Core,
        CoreDone,
        Kestrel,
    }

    public Socket Socket => _socket;

    public override string ConnectionId
    {
        get => _id ??= NextId();
        set => _id = value;
    }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    /// <summary>Kestrel's socket connection's pipe, made on first use unless the core has the socket.</summary>
    public override IDuplexPipe Transport
    {
        get => _transport ?? TransportWithoutCore();
        set => _transport = value;
    }

    /// <summary>
    /// The socket for the core, when nothing has used <see cref="Transport"/> yet: its reader and writer. Null when
    /// Kestrel's connection was made already (a PROXY header was read through it, say).
    /// </summary>
    public (SocketPipeReader Input, SocketPipeWriter Output)? TryTakeSocket()
    {
        if (_owner != Owner.None)
        {
            return null;
        }

        _owner = Owner.Core;
        _input = new SocketPipeReader(_socket, EngineTurnUse.WhenBatched, waitWithoutBuffer: true);
        _heartbeat.Watch(this);
        return (_input, new SocketPipeWriter(_socket, this));
    }

    /// <summary>
    /// The core is done with the socket. On a hand-off Kestrel's socket connection takes it over, its input starting
    /// with what the core read and left unconsumed; otherwise the connection ends when Kestrel disposes it.
    /// </summary>
    public void ReleaseSocket(bool handOff)
    {
        if (_owner != Owner.Core || _input is null)
        {
            return;
        }

        _heartbeat.Unwatch(this);
        byte[] left = [];
        if (handOff && _input.TryRead(out var read))
        {
            left = read.Buffer.ToArray();
            _input.AdvanceTo(read.Buffer.End);
        }

        var receiving = _input.Receiving;
        _input.Complete();
        _owner = Owner.CoreDone;
        if (!handOff)
        {
            return;
        }

        if (receiving)
        {
            // A receive of the core's is still posted (a cancelled read left it): Kestrel's would race it for the bytes.
            Abort(new ConnectionAbortedException("The connection was handed on while a read of the core was posted."));
            return;
        }

        var kestrel = StartKestrel();
        _transport = left.Length == 0 ? kestrel.Transport : HandOffPipe.Create(left, kestrel.Transport);
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        if (_kestrelConnection is { } kestrel)
        {
            kestrel.Abort(abortReason);
            return;
        }

        CloseSocket();
        FireClosed();
    }

    public override async ValueTask DisposeAsync()
    {
        _heartbeat.Unwatch(this);
        if (_kestrelConnection is { } kestrel)
        {
            await kestrel.DisposeAsync();
        }
        else
        {
            _input?.Complete();
            CloseSocket();
        }

        FireClosed();
        await base.DisposeAsync();
    }

    /// <summary>While the core waits for a server with no receive posted on the client: the client's FIN or reset is noticed here.</summary>
    bool IHeartbeatWatch.OnHeartbeat(long timestamp)
    {
        if (_owner != Owner.Core || Volatile.Read(ref _closeFired) == 1)
        {
            return false;
        }

        if (_input is null || _input.Receiving || Established())
        {
            return true;
        }

        FireClosed();
        return false;
    }

    /// <summary>Still established, or its state cannot be told; a closed socket is not.</summary>
    private bool Established() =>
        !_socket.SafeHandle.IsClosed && TcpConnectionState.Read(_socket) is null or TcpConnectionState.Established;

    private IDuplexPipe TransportWithoutCore()
    {
        if (_owner == Owner.None)
        {
            _transport = StartKestrel().Transport;
            return _transport;
        }

        // The core has the socket, or had it and ended the connection: nothing else reads or writes it.
        _transport = Closed();
        return _transport;
    }

    private ConnectionContext StartKestrel()
    {
        _owner = Owner.Kestrel;
        var kestrel = _kestrelConnection = _kestrel.Value.Create(_socket);
        kestrel.ConnectionClosed.UnsafeRegister(static state => ((ClientSocketConnection)state!).FireClosed(), this);
        return kestrel;
    }

    private void CloseSocket()
    {
        if (_socketClosed)
        {
            return;
        }

        _socketClosed = true;
        try
        {
            // As Kestrel's transport ends a connection: both directions shut down, then closed.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    /// <summary>As Kestrel's transport does, on the thread pool: what waits on the token may do some work.</summary>
    private void FireClosed()
    {
        if (Interlocked.Exchange(ref _closeFired, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static closed => closed.Cancel(), _closed, preferLocal: false);
        }
    }

    private static DuplexPipe Closed()
    {
        var input = new Pipe();
        input.Writer.Complete(); // reads end at once
        var output = new Pipe();
        output.Reader.Complete(); // writes report the output completed
        return new DuplexPipe(input.Reader, output.Writer);
    }

    /// <summary>A connection id in Kestrel's form: 13 characters of base 32 from a counter seeded by the clock.</summary>
    private static string NextId()
    {
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
        var id = Interlocked.Increment(ref s_lastId);
        return string.Create(13, id, static (chars, value) =>
        {
            for (var i = 12; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
    }
}
