namespace Gateway.Http1.Proxy;

/// <summary>
/// Cancellation sources for the activity timeout of a server exchange, shared by every connection: one is taken per
/// forward, re-armed (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>) by each read, and given back reset
/// when the exchange ends, so a request allocates neither a source nor its timer, and an idle connection holds none.
/// A source that fired (a timeout, or the client went away) cannot be reset and is disposed instead.
/// </summary>
internal static class TimeoutSources
{
    private const int PoolSize = 256;

    private static readonly CancellationTokenSource?[] Pool = new CancellationTokenSource?[PoolSize];
    private static readonly Lock PoolLock = new();
    private static int _pooled;

    public static CancellationTokenSource Rent()
    {
        lock (PoolLock)
        {
            if (_pooled > 0)
            {
                var source = Pool[--_pooled]!;
                Pool[_pooled] = null;
                return source;
            }
        }

        return new CancellationTokenSource();
    }

    public static void Return(CancellationTokenSource source)
    {
        if (!source.TryReset())
        {
            source.Dispose();
            return;
        }

        lock (PoolLock)
        {
            if (_pooled < PoolSize)
            {
                Pool[_pooled++] = source;
                return;
            }
        }

        source.Dispose();
    }

    /// <summary>Cancels <paramref name="source"/> when <paramref name="aborted"/> fires (the client goes away); dispose the registration before giving the source back.</summary>
    public static CancellationTokenRegistration CancelWhenClientGoes(CancellationTokenSource source, CancellationToken aborted) =>
        aborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source);
}
