using System.Buffers;

namespace Gateway.Http1.Sockets;

/// <summary>
/// The buffers the core receives into and sends from (<see cref="SocketPipeReader"/>, <see cref="SocketPipeWriter"/>): a
/// stack per size the core asks for, deep enough for a buffer in use on every busy connection, given back to the GC by
/// half every few seconds while unused.
/// </summary>
/// <remarks>
/// <see cref="ArrayPool{T}.Shared"/> keeps 32 arrays of a size per core (deeper only through an environment variable,
/// <c>DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION</c>, which a host cannot set for itself). With 64
/// connections on one core more server reads than that are in flight, and one 32 KiB array was allocated every 75 or so
/// 100 B requests, a third of what the core still allocated (docs/benchmarks.md, issue 18, "A request without allocation"). A pool made
/// by <see cref="ArrayPool{T}.Create(int, int)"/> can be deep, but never gives anything back, so a burst of connections
/// would hold its memory for good; so the depth is written here, with the same half-life purge as idle server
/// connections (<c>Http1/Pool</c>). Sizes the core does not use by default (larger sends) go to the shared pool.
/// </remarks>
internal sealed class SocketBufferPool
{
    /// <summary>Spare buffers kept per size at most.</summary>
    public const int Depth = 1024;

    /// <summary>How often half of the buffers that stayed unused since the last purge are let go.</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(5);

    private readonly BufferStack[] _stacks =
        [new(SocketPipeReader.ClientReadSize), new(SocketPipeReader.ReadSize), new(SocketPipeWriter.MaximumBufferSize)];

    /// <summary>The pool the core's readers and writers use, purged on a timer of its own.</summary>
    public static SocketBufferPool Shared { get; } = new();

#pragma warning disable IDE0052 // kept so that the purge timer is not collected
    private static readonly Timer SharedPurgeTimer = new(static _ => Shared.Purge(), null, PurgeInterval, PurgeInterval);
#pragma warning restore IDE0052

    /// <summary>A buffer of at least <paramref name="size"/> bytes.</summary>
    public byte[] Rent(int size)
    {
        foreach (var stack in _stacks)
        {
            if (size <= stack.Size)
            {
                return stack.Rent();
            }
        }

        return ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>Gives back a buffer <see cref="Rent"/> gave.</summary>
    public void Return(byte[] buffer)
    {
        foreach (var stack in _stacks)
        {
            if (buffer.Length == stack.Size)
            {
                stack.Return(buffer);
                return;
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Spare buffers of <paramref name="size"/> bytes now (for tests).</summary>
    public int SpareCount(int size) => Array.Find(_stacks, s => s.Size == size)?.Count ?? 0;

    /// <summary>Lets go half (rounded up) of each size's buffers that stayed unused since the last purge.</summary>
    public void Purge()
    {
        foreach (var stack in _stacks)
        {
            stack.Purge();
        }
    }

    private sealed class BufferStack(int size)
    {
        private readonly Lock _lock = new();
        private readonly byte[]?[] _buffers = new byte[Depth][];
        private int _count;
        private int _lowest; // the fewest spare buffers since the last purge: those stayed unused all along

        public int Size { get; } = size;

        public int Count => Volatile.Read(ref _count);

        public byte[] Rent()
        {
            lock (_lock)
            {
                if (_count > 0)
                {
                    var buffer = _buffers[--_count]!;
                    _buffers[_count] = null;
                    _lowest = Math.Min(_lowest, _count);
                    return buffer;
                }
            }

            return GC.AllocateUninitializedArray<byte>(Size);
        }

        public void Return(byte[] buffer)
        {
            lock (_lock)
            {
                if (_count < Depth)
                {
                    _buffers[_count++] = buffer;
                }
            }
        }

        public void Purge()
        {
            lock (_lock)
            {
                var release = (_lowest + 1) / 2;
                for (var i = 0; i < release; i++)
                {
                    _buffers[--_count] = null;
                }

                _lowest = _count;
            }
        }
    }
}
