using System.Runtime.CompilerServices;

namespace Gateway.Admin.Threading;

/// <summary>
/// Keeps the admin side's own code off the socket engine's threads. With inline socket completions
/// (<c>Gateway:Runtime:InlineIo</c>) the code after an await of network I/O (a request body, a PostgreSQL query) runs on
/// the thread that completed that I/O: one of the few threads that serve every socket of the process. The admin side
/// blocks (SQLite's I/O is synchronous even behind async methods, a password hash takes tens of milliseconds, a commit
/// compiles the whole configuration), and a thread that blocks there stalls every connection of its engine, or waits
/// forever when what it waits for is a socket that same engine serves. Under this context every await in the admin's
/// code resumes on the thread pool instead; the proxy's own connections keep running inline. This is the classic
/// context that posts continuations to the pool: ASP.NET Core has none of its own, so nothing else is displaced.
/// </summary>
internal sealed class ThreadPoolContext : SynchronizationContext
{
    public static readonly ThreadPoolContext Instance = new();

    private ThreadPoolContext()
    {
    }

    /// <summary>
    /// Awaited, moves the caller onto the thread pool under this context: from there on, the calling method and every
    /// method it awaits resume on the pool after each await (unless they opt out with <c>ConfigureAwait(false)</c>).
    /// </summary>
    public static SwitchAwaitable SwitchTo() => default;

    /// <summary>Queued with the caller's execution context (AsyncLocal state such as the current request flows).</summary>
    public override void Post(SendOrPostCallback d, object? state) =>
        ThreadPool.QueueUserWorkItem(static work => work.Context.Run(work.Callback, work.State), (Context: this, Callback: d, State: state), preferLocal: false);

    public override void Send(SendOrPostCallback d, object? state) => Run(d, state);

    public override SynchronizationContext CreateCopy() => this;

    private void Run(SendOrPostCallback callback, object? state)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            callback(state);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>What <see cref="SwitchTo"/> returns: always yields, and continues under <see cref="Instance"/>.</summary>
    public readonly struct SwitchAwaitable : ICriticalNotifyCompletion
    {
        public SwitchAwaitable GetAwaiter() => this;

        public bool IsCompleted => false;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => Instance.Post(static action => ((Action)action!)(), continuation);

        public void UnsafeOnCompleted(Action continuation) => OnCompleted(continuation);
    }
}
