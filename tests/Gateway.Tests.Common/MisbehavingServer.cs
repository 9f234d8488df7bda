using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Common;

/// <summary>
/// A TCP server on 127.0.0.1:0 that speaks no HTTP: it accepts connections and either never
/// answers (a hung server) or reads the request and closes the connection (a server that dies
/// mid-request). Also makes addresses where nothing listens (connections refused).
/// </summary>
public sealed class MisbehavingServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _connections;

    private MisbehavingServer(bool closeAfterRequest)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _accepting = AcceptAsync(closeAfterRequest);
    }

    public string Url { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Accepts connections and never sends a byte.</summary>
    public static MisbehavingServer Hung() => new(closeAfterRequest: false);

    /// <summary>Reads the first bytes of each request, then closes the connection without a response.</summary>
    public static MisbehavingServer ClosesAfterRequest() => new(closeAfterRequest: true);

    /// <summary>An http:// URL on 127.0.0.1 where nothing listens: connecting is refused.</summary>
    public static string RefusingUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/";
    }

    private async Task AcceptAsync(bool closeAfterRequest)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_clients)
            {
                _clients.Add(client);
            }

            if (closeAfterRequest)
            {
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[4096];
                    try
                    {
                        _ = await client.GetStream().ReadAsync(buffer, _stop.Token); // any part of the request will do
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                    {
                    }

                    client.Client.LingerState = new LingerOption(true, 0); // a reset, as a crashing server's kernel sends
                    client.Dispose();
                });
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}
