using System.Net;
using System.Net.Sockets;
using Gateway.Http1.Pool;

namespace Gateway.Tests.Http1;

/// <summary>The idle pool alone: LIFO reuse, its size limit, and HAProxy's half-life purge.</summary>
public class ServerConnectionPoolTests
{
    private static async Task<(TcpListener, List<ServerConnection>)> ConnectionsAsync(int count)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var list = new List<ServerConnection>();
        for (var i = 0; i < count; i++)
        {
            list.Add(await ServerPools.ConnectAsync($"127.0.0.1:{port}", "127.0.0.1", port, TimeSpan.FromSeconds(5), CancellationToken.None));
        }

        return (listener, list);
    }

    [Fact]
    public async Task TakesTheMostRecentlyReturned_AndKeepsAtMostMaxIdle()
    {
        var (listener, connections) = await ConnectionsAsync(3);
        using var _ = listener;
        var pool = new ServerConnectionPool(maxIdle: 2);

        Assert.True(pool.TryReturn(connections[0], 1));
        Assert.True(pool.TryReturn(connections[1], 2));
        Assert.False(pool.TryReturn(connections[2], 3));

        Assert.Same(connections[1], pool.TryTake(validatedOnly: false));
        Assert.Null(pool.TryTake(validatedOnly: true));
        connections[0].Uses = 2;
        Assert.Same(connections[0], pool.TryTake(validatedOnly: true));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Purge_ClosesHalfOfTheConnectionsUnusedSinceTheLastPass()
    {
        var (listener, connections) = await ConnectionsAsync(4);
        using var _ = listener;
        var pool = new ServerConnectionPool(maxIdle: 10);
        foreach (var connection in connections)
        {
            pool.TryReturn(connection, 0);
        }

        Assert.Null(pool.TakeHalfOfUnused(batch: 16)); // first pass: none was seen idle before
        var taken = pool.TryTake(validatedOnly: false)!; // used between passes: not purged next
        Assert.Equal(2, pool.TakeHalfOfUnused(batch: 16)!.Count); // 3 unused: half, rounded up
        Assert.Single(pool.TakeHalfOfUnused(batch: 16)!);
        Assert.Equal(0, pool.IdleCount);
        await taken.DisposeAsync();
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
