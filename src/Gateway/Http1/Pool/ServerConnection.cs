using System.IO.Pipelines;
using System.Net.Sockets;
using Gateway.Http1.Sockets;

namespace Gateway.Http1.Pool;

/// <summary>
/// One connection to a server, owned by the HTTP/1.1 core: requests are written straight to the socket (segments of
/// the client's pipe are sent as they are, not copied), responses are read through a <see cref="SocketPipeReader"/>
/// straight from the socket into pooled buffers, none held while the connection is idle.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SocketPipeReader _input;
    private int _disposed;

    public ServerConnection(Socket socket, string key)
    {
        _socket = socket;
        _socket.Blocking = false; // sends are tried at once (SendAllAsync); nothing here waits on the socket synchronously
        Key = key;
        _input = new SocketPipeReader(socket, EngineTurnUse.WhenBatched);
    }

    /// <summary>The pool key: the server's host and port.</summary>
    public string Key { get; }

    public PipeReader Input => _input;

    /// <summary>Requests this connection has carried to a full response.</summary>
    public int Uses { get; set; }

    /// <summary>Proven reusable: it has served more than one request (HAProxy's "validated" connection).</summary>
    public bool Validated => Uses > 1;

    /// <summary>When it was last put back idle (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Marked by the eviction pass that saw it idle; a connection taken since is unmarked.</summary>
    public bool SeenIdleByEviction { get; set; }

    /// <summary>
    /// Sends every byte. The socket is non-blocking, so a plain send is tried first: the kernel nearly always takes a
    /// request whole, and then no SocketAsyncEventArgs is rented, set up and completed (nor made, for a connection whose
    /// sends never had to wait). A partial or waiting send goes on in <see cref="SendRestAsync"/>; a failure is the
    /// socket's <see cref="SocketException"/>, as from an asynchronous send.
    /// </summary>
    public ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        if (bytes.IsEmpty)
        {
            return default;
        }

        if (cancel.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancel);
        }

        var sent = _socket.Send(bytes.Span, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success when sent == bytes.Length => default,
            SocketError.Success => SendRestAsync(bytes[sent..], cancel),
            SocketError.WouldBlock => SendRestAsync(bytes, cancel),
            _ => ValueTask.FromException(new SocketException((int)error)),
        };
    }

    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancel);
            bytes = bytes[sent..];
        }
    }

    /// <summary>
    /// Whether an idle connection can still take a request: the server has not closed it and sent nothing unasked.
    /// One non-blocking poll; a connection that fails it is closed instead of being used.
    /// </summary>
    public bool LooksAlive()
    {
        try
        {
            return _socket.Connected && !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes without waiting (eviction, a full pool).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _input.Complete();
            CloseSocket();
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return default;
    }

    /// <summary>As <see cref="NetworkStream"/> closed it: shut down both ways (the server sees a FIN), then release the handle.</summary>
    private void CloseSocket()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }
}
