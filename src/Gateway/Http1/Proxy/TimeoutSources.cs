using Microsoft.Extensions.ObjectPool;

namespace Gateway.Http1.Proxy;

/// <summary>
/// Cancellation sources for the activity timeout of a server exchange, shared by every connection: one is taken per
/// forward, re-armed (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>) by each read, and given back reset
/// when the exchange ends, so a request allocates neither a source nor its timer, and an idle connection holds none.
/// </summary>
internal static class TimeoutSources
{
    private const int PoolSize = 256;

    // The provider's pool for a disposable type disposes what it does not keep: a source the policy refuses, or one
    // given back when PoolSize are kept already.
    private static readonly ObjectPool<CancellationTokenSource> Pool =
        new DefaultObjectPoolProvider { MaximumRetained = PoolSize }.Create(new ResettablePolicy());

    public static CancellationTokenSource Rent() => Pool.Get();

    public static void Return(CancellationTokenSource source) => Pool.Return(source);

    /// <summary>Cancels <paramref name="source"/> when <paramref name="aborted"/> fires (the client goes away); dispose the registration before giving the source back.</summary>
    public static CancellationTokenRegistration CancelWhenClientGoes(CancellationTokenSource source, CancellationToken aborted) =>
        aborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source);

    /// <summary>
    /// Keeps a source only if it can be reset: one that fired (a timeout, or the client went away), or whose timer
    /// already ran, cannot be (<see cref="CancellationTokenSource.TryReset"/>) and is refused, hence disposed.
    /// </summary>
    private sealed class ResettablePolicy : PooledObjectPolicy<CancellationTokenSource>
    {
        public override CancellationTokenSource Create() => new();

        public override bool Return(CancellationTokenSource obj) => obj.TryReset();
    }
}
