using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Gateway.Backends;

namespace Gateway.Tcp;

/// <summary>
/// One client connection joined to one server connection: a pump per direction, each reading
/// only when the other side has taken what was read (back-pressure). A FIN from one side shuts
/// down sending towards the other while the opposite direction keeps flowing; an error, a reset
/// or the idle timeout closes both.
/// </summary>
internal sealed class TcpSession : IDisposable
{
    private readonly TcpTrafficTable _table;
    private readonly TcpListenerTraffic _listener;
    private readonly TcpServerTraffic _server;
    private readonly TagList _inTags;
    private readonly TagList _outTags;
    private readonly TagList _sentTags;
    private readonly TagList _receivedTags;
    private readonly CancellationTokenSource _abort = new();
    private readonly IdleWatch _idle;

    public TcpSession(TcpTrafficTable table, string listenerId, TcpCandidate server, TimeProvider time, TimeSpan idleTimeout)
    {
        _table = table;
        _listener = table.Listener(listenerId);
        _server = server.Traffic;
        _inTags = new TagList { { "listener", listenerId }, { "direction", "in" } };
        _outTags = new TagList { { "listener", listenerId }, { "direction", "out" } };
        _sentTags = new TagList { { "cluster", server.ClusterId }, { "server", server.Server.Id }, { "direction", "sent" } };
        _receivedTags = new TagList { { "cluster", server.ClusterId }, { "server", server.Server.Id }, { "direction", "received" } };
        _idle = new IdleWatch(time, idleTimeout, _abort);
    }

    /// <summary>Why the session ended early, if it did: idle, or the first error in either direction.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Runs both directions until both have finished; false when the session was cut short and both sides must be closed.</summary>
    public async Task<bool> RunAsync(PipeReader fromClient, ByteSink toServer, PipeReader fromServer, ByteSink toClient)
    {
        var up = PumpAsync(fromClient, toServer, clientToServer: true);
        var down = PumpAsync(fromServer, toClient, clientToServer: false);
        await Task.WhenAll(up, down);
        if (_idle.Expired)
        {
            AbortReason = "idle timeout";
        }

        return AbortReason is null;
    }

    public void Dispose()
    {
        _idle.Dispose();
        _abort.Dispose();
    }

    private async Task PumpAsync(PipeReader source, ByteSink sink, bool clientToServer)
    {
        var token = _abort.Token;
        var fairness = new RelayFairness();
        try
        {
            while (true)
            {
                var result = await fairness.Watch(source.ReadAsync(token));
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    _idle.Touch();
                    await fairness.Watch(sink.WriteAsync(buffer, token));
                    Count(buffer.Length, clientToServer);
                }

                source.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }

                if (fairness.Spend(buffer.Length))
                {
                    await RelayFairness.YieldAsync(); // the connections behind this one run
                }
            }

            await sink.ShutdownAsync();
        }
        catch (Exception ex)
        {
            // Resets, aborts and cancellation are how connections end; anything else ends this one too,
            // and the reason is logged by the forwarder.
            if (!token.IsCancellationRequested)
            {
                AbortReason ??= (clientToServer ? "client to server: " : "server to client: ") + ex.Message;
                Cancel();
            }
        }
    }

    private void Cancel()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Bytes the client sent through this session.</summary>
    public long BytesFromClient => Interlocked.Read(ref _bytesFromClient);

    /// <summary>Bytes the server sent through this session.</summary>
    public long BytesFromServer => Interlocked.Read(ref _bytesFromServer);

    /// <summary>The idle timeout ended the session.</summary>
    public bool TimedOut => _idle.Expired;

    private long _bytesFromClient;
    private long _bytesFromServer;

    private void Count(long bytes, bool clientToServer)
    {
        Interlocked.Add(ref clientToServer ? ref _bytesFromClient : ref _bytesFromServer, bytes);
        if (clientToServer)
        {
            _listener.OnBytesIn(bytes);
            _server.OnBytesSent(bytes);
            _table.ListenerBytes.Add(bytes, _inTags);
            _table.ServerBytes.Add(bytes, _sentTags);
        }
        else
        {
            _listener.OnBytesOut(bytes);
            _server.OnBytesReceived(bytes);
            _table.ListenerBytes.Add(bytes, _outTags);
            _table.ServerBytes.Add(bytes, _receivedTags);
        }
    }
}
