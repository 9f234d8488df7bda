using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Common;

/// <summary>
/// The skeleton of a test server on raw sockets (for what an HTTP server library would hide: which bytes came, whether a
/// connection was reused, a server that misbehaves on purpose): a loopback listener on a free port, an accept loop that
/// hands each connection to <see cref="ServeAsync"/> with its number, and a stop that ends both.
/// </summary>
public abstract class LoopbackSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private int _connections;

    public string Url => $"http://127.0.0.1:{Port}/";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Cancelled when the server is disposed: what a connection's reads, writes and waits should end with.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Starts listening and accepting; called by the derived constructor once its own fields are set.</summary>
    protected void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Serves one accepted connection (the first is number 1); owns the socket. Runs concurrently with the others.</summary>
    protected abstract Task ServeAsync(Socket socket, int connection);

    /// <summary>
    /// The next request head from <paramref name="socket"/> (without its blank line), read into <paramref name="pending"/>
    /// as Latin-1 and removed from it; null when the peer closed before a whole head came.
    /// </summary>
    protected async Task<string?> ReadHeadAsync(Socket socket, StringBuilder pending, byte[] buffer)
    {
        int end;
        while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var got = await socket.ReceiveAsync(buffer, Stopping);
            if (got == 0)
            {
                return null;
            }

            pending.Append(Encoding.Latin1.GetString(buffer, 0, got));
        }

        var head = pending.ToString(0, end);
        pending.Remove(0, end + 4);
        return head;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket, Interlocked.Increment(ref _connections));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
