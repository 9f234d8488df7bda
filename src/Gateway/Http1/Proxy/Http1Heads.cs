using Gateway.Http1.Parsing;

namespace Gateway.Http1.Proxy;

/// <summary>
/// The request and response head of one exchange, rented from a small shared pool when a request's bytes arrive and
/// given back when its response has ended: an idle keep-alive connection holds no head, no field list and no header
/// strings, and a busy one reuses the strings of the heads before it (see <see cref="HeaderFields"/>).
/// </summary>
internal sealed class Http1Heads
{
    /// <summary>Heads kept for reuse; beyond it, given-back heads are left to the GC. Enough for every request in flight on a busy core.</summary>
    public const int PoolSize = 256;

    private static readonly Http1Heads?[] Pool = new Http1Heads?[PoolSize];
    private static readonly Lock PoolLock = new();
    private static int _pooled;

    public RequestHead Request { get; } = new();

    public ResponseHead Response { get; } = new();

    public static Http1Heads Rent()
    {
        lock (PoolLock)
        {
            if (_pooled > 0)
            {
                var heads = Pool[--_pooled]!;
                Pool[_pooled] = null;
                return heads;
            }
        }

        return new Http1Heads();
    }

    public static void Return(Http1Heads heads)
    {
        lock (PoolLock)
        {
            if (_pooled < PoolSize)
            {
                Pool[_pooled++] = heads;
            }
        }
    }
}
