using System.Buffers;
using System.Runtime.InteropServices;

namespace Gateway.Admin.Hosting;

/// <summary>
/// Kestrel's socket transport receives into blocks of its connections' memory pool, one <c>recv</c> per block, and its own
/// pool (<c>PinnedBlockMemoryPool</c>, internal) has 4 KiB blocks, a constant. A TCP-mode upload therefore costs four
/// times the receive calls of HAProxy with its 16 KiB buffers (docs/benchmarks.md, issue 18). This pool is the same kind
/// of pool with a block size of our choice, handed to the transport through <c>IMemoryPoolFactory&lt;byte&gt;</c>
/// (<see cref="ReceiveBlockPoolFactory"/>): pinned arrays, so sockets need not pin them per call; the most recently
/// returned block is rented first, so the blocks in use stay warm in the cache; at most <c>maxPooled</c> blocks are kept
/// (a block returned to a full pool is left to the GC); blocks that nobody rented for a whole eviction interval are given
/// back to the GC half at a time, so a burst's blocks do not stay for the life of the process. The transport rents a
/// block only when data has arrived (<c>WaitForDataBeforeAllocatingBuffer</c>), and a pipe returns its blocks once
/// everything in them was read, so an idle connection holds none.
/// </summary>
internal sealed class ReceiveBlockPool : MemoryPool<byte>
{
    private readonly Lock _sync = new();
    private readonly Block[] _pooled; // a stack: _pooled[_count - 1] is the most recently returned
    private readonly ITimer? _eviction;
    private readonly TimeSpan _evictionInterval;
    private int _count;
    private int _lowWater; // the fewest blocks pooled since the last eviction: those at the bottom stayed unused
    private bool _disposed;

    public ReceiveBlockPool(int blockSize, int maxPooled, TimeProvider time, TimeSpan evictionInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPooled, 0);
        MaxBufferSize = blockSize;
        _pooled = new Block[maxPooled];
        if (evictionInterval > TimeSpan.Zero)
        {
            _evictionInterval = evictionInterval;
            _eviction = time.CreateTimer(static pool => ((ReceiveBlockPool)pool!).OnEvictionTimer(), this, evictionInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The size of every block: a rent of more than this is refused, as Kestrel's pool does.</summary>
    public override int MaxBufferSize { get; }

    /// <summary>Blocks kept for reuse now.</summary>
    public int PooledCount
    {
        get
        {
            lock (_sync)
            {
                return _count;
            }
        }
    }

    /// <summary>Blocks made since the pool was created (for tests and diagnostics).</summary>
    public int AllocatedCount => Volatile.Read(ref _allocated);

    private int _allocated;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, MaxBufferSize);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_count > 0)
            {
                var block = _pooled[--_count];
                _pooled[_count] = null!;
                _lowWater = Math.Min(_lowWater, _count);
                block.Rented = true;
                return block;
            }
        }

        Interlocked.Increment(ref _allocated);
        return new Block(this, GC.AllocateUninitializedArray<byte>(MaxBufferSize, pinned: true)) { Rented = true };
    }

    /// <summary>
    /// Gives back to the GC half of the blocks that stayed in the pool since the last call (at least one while there are
    /// any), oldest first. Runs every eviction interval; a pool in steady use keeps what it uses.
    /// </summary>
    public void EvictIdle()
    {
        lock (_sync)
        {
            var idle = Math.Min(_lowWater, _count);
            var evict = idle == 0 ? 0 : Math.Max(1, idle / 2);
            if (evict > 0)
            {
                // The bottom of the stack holds the blocks returned longest ago.
                Array.Copy(_pooled, evict, _pooled, 0, _count - evict);
                Array.Clear(_pooled, _count - evict, evict);
                _count -= evict;
            }

            _lowWater = _count;
        }
    }

    // One shot, armed again after each run: runs never overlap, and a disposed pool's timer stays stopped.
    private void OnEvictionTimer()
    {
        EvictIdle();
        lock (_sync)
        {
            if (!_disposed)
            {
                _eviction!.Change(_evictionInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Return(Block block)
    {
        lock (_sync)
        {
            // A second Dispose of the same owner would put one block in the pool twice: ignore it.
            if (!block.Rented)
            {
                return;
            }

            block.Rented = false;
            if (!_disposed && _count < _pooled.Length)
            {
                _pooled[_count++] = block;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_sync)
        {
            _disposed = true;
            Array.Clear(_pooled);
            _count = 0;
        }

        _eviction?.Dispose();
    }

    private sealed class Block(ReceiveBlockPool pool, byte[] array) : IMemoryOwner<byte>
    {
        // The array is on the pinned object heap, so the memory can say so and Pin() costs nothing.
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(array, 0, array.Length);

        public bool Rented { get; set; }

        public void Dispose() => pool.Return(this);
    }
}
