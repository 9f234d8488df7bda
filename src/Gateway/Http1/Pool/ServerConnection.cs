using System.IO.Pipelines;
using System.Net.Sockets;

namespace Gateway.Http1.Pool;

/// <summary>
/// One connection to a server, owned by the HTTP/1.1 core: requests are written straight to the socket (segments of
/// the client's pipe are sent as they are, not copied), responses are read through a pipe.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private int _disposed;

    public ServerConnection(Socket socket, string key)
    {
        _socket = socket;
        Key = key;
        _stream = new NetworkStream(socket, ownsSocket: true);
        // Reads of up to 32 KiB: a 16 KiB answer and its head usually come in one read (one receive, one flush to the
        // client) instead of three. The buffers are the pool's and go back to it once relayed: idle, a connection holds none.
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReadSize, minimumReadSize: 4096, leaveOpen: true));
    }

    private const int ReadSize = 32 * 1024;

    /// <summary>The pool key: the server's host and port.</summary>
    public string Key { get; }

    public PipeReader Input { get; }

    /// <summary>Requests this connection has carried to a full response.</summary>
    public int Uses { get; set; }

    /// <summary>Proven reusable: it has served more than one request (HAProxy's "validated" connection).</summary>
    public bool Validated => Uses > 1;

    /// <summary>When it was last put back idle (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Marked by the eviction pass that saw it idle; a connection taken since is unmarked.</summary>
    public bool SeenIdleByEviction { get; set; }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel) => _socket.SendAsync(bytes, SocketFlags.None, cancel);

    public async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
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
            Input.Complete();
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Input.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
