using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Http1.Pool;

/// <summary>
/// The core's connections to servers: one LIFO pool per server address, connect with a timeout, and the half-life
/// purge of idle connections (every <see cref="PurgeInterval"/>, half of those unused since the last pass are closed,
/// a small batch per pool). Hand-written because SocketsHttpHandler's pool cannot lend raw connections, and the core
/// writes and reads HTTP/1.1 on the socket itself.
/// </summary>
internal sealed class ServerPools : IAsyncDisposable
{
    /// <summary>Idle connections kept per server (HAProxy's <c>pool-max-conn</c>).</summary>
    public const int DefaultMaxIdlePerServer = 256;

    public static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(5);

    private const int PurgeBatch = 16;

    private readonly ConcurrentDictionary<string, ServerConnectionPool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private readonly ITimer _purge;

    public ServerPools(TimeProvider time)
    {
        _time = time;
        // Housekeeping on the wall clock, not the injected one: a test's manual clock should see only the timers of what it tests.
        _purge = TimeProvider.System.CreateTimer(static state => ((ServerPools)state!).Purge(), this, PurgeInterval, PurgeInterval);
    }

    public ServerConnectionPool For(string key) => _pools.GetOrAdd(key, static _ => new ServerConnectionPool(DefaultMaxIdlePerServer));

    /// <summary>Idle connections across every server, for tests and status.</summary>
    public int IdleCount => _pools.Values.Sum(p => p.IdleCount);

    /// <summary>Opens a new connection to <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/>.</summary>
    public static async ValueTask<ServerConnection> ConnectAsync(string key, string host, int port, TimeSpan timeout, CancellationToken aborted)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        cancel.CancelAfter(timeout);
        var socket = IPAddress.TryParse(host, out var address)
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            if (address is not null)
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancel.Token);
            }
            else
            {
                await socket.ConnectAsync(new DnsEndPoint(host, port), cancel.Token);
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connect timed out after {timeout.TotalSeconds:0.###}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ServerConnection(socket, key);
    }

    /// <summary>Puts a connection that ended its exchange cleanly back, or closes it when its pool is full.</summary>
    public void Return(ServerConnection connection)
    {
        if (!For(connection.Key).TryReturn(connection, _time.GetTimestamp()))
        {
            connection.Close();
        }
    }

    private void Purge()
    {
        foreach (var pool in _pools.Values)
        {
            if (pool.TakeHalfOfUnused(PurgeBatch) is { } evicted)
            {
                foreach (var connection in evicted)
                {
                    connection.Close();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _purge.DisposeAsync();
        foreach (var pool in _pools.Values)
        {
            foreach (var connection in pool.TakeAll())
            {
                await connection.DisposeAsync();
            }
        }
    }
}
