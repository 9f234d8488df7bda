using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.ProxyProtocol;

namespace Gateway.Tests.Tcp;

/// <summary>
/// A plain TCP server on 127.0.0.1:0 for TCP-mode tests. Each connection optionally starts with a
/// PROXY header (read with our parser and kept), then goes to the handler: by default an echo
/// that passes the client's FIN on once everything before it was echoed.
/// </summary>
public sealed class TcpTestServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, ProxyHeader?, Task> _handler;
    private readonly bool _expectProxyHeader;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _active;

    private TcpTestServer(string name, Func<Socket, ProxyHeader?, Task> handler, bool expectProxyHeader)
    {
        Name = name;
        _handler = handler;
        _expectProxyHeader = expectProxyHeader;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        _acceptLoop = AcceptLoopAsync();
    }

    public string Name { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public string Address => $"tcp://127.0.0.1:{Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections whose handler has not finished yet.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>PROXY headers received, in arrival order (when started with <c>expectProxyHeader</c>).</summary>
    public ConcurrentQueue<ProxyHeader> Headers { get; } = new();

    public static TcpTestServer Start(string name, Func<Socket, Task>? handler = null, bool expectProxyHeader = false) =>
        new(name, (socket, _) => (handler ?? EchoAsync)(socket), expectProxyHeader);

    /// <summary>A server whose handler also gets the connection's PROXY header.</summary>
    public static TcpTestServer StartWithHeader(string name, Func<Socket, ProxyHeader?, Task> handler) => new(name, handler, expectProxyHeader: true);

    /// <summary>An address on which nothing listens: connecting is refused at once.</summary>
    public static string DeadAddress()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return $"tcp://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
    }

    public static async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            await socket.SendAsync(buffer.AsMemory(0, read));
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _active);
            _connections.Add(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using (socket)
            {
                ProxyHeader? header = null;
                if (_expectProxyHeader)
                {
                    header = await ReadProxyHeaderAsync(socket);
                    Headers.Enqueue(header);
                }

                await _handler(socket, header);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidDataException)
        {
            // The gateway closed the connection: what some tests are about.
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Reads exactly the header, a byte at a time, so the bytes after it stay for the handler.</summary>
    private static async Task<ProxyHeader> ReadProxyHeaderAsync(Socket socket)
    {
        var received = new List<byte>();
        var one = new byte[1];
        while (received.Count <= ProxyHeaderParser.MaxV2Length)
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                throw new InvalidDataException("The connection closed before its PROXY header was complete.");
            }

            received.Add(one[0]);
            switch (ProxyHeaderParser.TryParse(new ReadOnlySequence<byte>(received.ToArray()), out var header, out _, out var error))
            {
                case ProxyParseStatus.Parsed:
                    return header!;
                case ProxyParseStatus.Invalid:
                    throw new InvalidDataException(error);
            }
        }

        throw new InvalidDataException("The PROXY header is too long.");
    }
}
