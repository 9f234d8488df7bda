using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Admin.Hosting;

/// <summary>
/// Hands Kestrel's socket transport <see cref="ReceiveBlockPool"/>s instead of its own 4 KiB-block pools. The transport
/// asks its <c>IMemoryPoolFactory&lt;byte&gt;</c> (taken from the services, .NET 10) for one pool per listener and I/O
/// queue when the listener is bound; its pipes then rent one block per receive, so the block size is the most one
/// <c>recv</c> can read. Every listener of the host gets the same size: the transport gives the factory nothing that
/// says which endpoint a pool is for. Set by <c>Gateway:Runtime:ReceiveBlockSize</c> (docs/benchmarks.md, issue 18).
/// </summary>
internal sealed class ReceiveBlockPoolFactory(int blockSize, TimeProvider time) : IMemoryPoolFactory<byte>
{
    /// <summary>How long a pooled block may stay unused before eviction starts giving such blocks back (as Kestrel's pool).</summary>
    public static readonly TimeSpan EvictionInterval = TimeSpan.FromSeconds(10);

    /// <summary>Pooled bytes per pool at most; past this, returned blocks are left to the GC.</summary>
    public const int MaxPooledBytes = 16 * 1024 * 1024;

    private int _created;

    public int BlockSize { get; } = blockSize;

    /// <summary>Pools handed out so far: one per bound listener and I/O queue (for tests and diagnostics).</summary>
    public int PoolsCreated => Volatile.Read(ref _created);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        Interlocked.Increment(ref _created);
        return new ReceiveBlockPool(BlockSize, Math.Max(16, MaxPooledBytes / BlockSize), time, EvictionInterval);
    }
}
