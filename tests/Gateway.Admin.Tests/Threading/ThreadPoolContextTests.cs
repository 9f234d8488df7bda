using Gateway.Admin.Threading;

namespace Gateway.Admin.Tests.Threading;

/// <summary>
/// <see cref="ThreadPoolContext"/>: code that switched to it resumes on the thread pool after every await, even when
/// what it awaited was completed by another thread that would otherwise run the continuation itself (as a socket
/// engine's thread does with inline completions).
/// </summary>
public class ThreadPoolContextTests
{
    [Fact]
    public async Task SwitchTo_ThenAwaitsCompletedOnAnotherThread_ResumeOnThePoolNeverOnTheCompletingThread()
    {
        await ThreadPoolContext.SwitchTo();
        Assert.True(Thread.CurrentThread.IsThreadPoolThread);
        Assert.Same(ThreadPoolContext.Instance, SynchronizationContext.Current);

        for (var i = 0; i < 3; i++)
        {
            // Synchronous continuations allowed: without a context, what follows the await would run on the completer.
            var completion = new TaskCompletionSource();
            var completer = 0;
            var standIn = new Thread(() =>
            {
                completer = Environment.CurrentManagedThreadId;
                completion.SetResult();
            }) { IsBackground = true, Name = "socket engine stand-in" };
            var resumed = ResumedOnAsync(completion.Task);
            standIn.Start();
            var (thread, onPool, context) = await resumed.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.NotEqual(completer, thread);
            Assert.True(onPool);
            Assert.Same(ThreadPoolContext.Instance, context);
        }
    }

    [Fact]
    public async Task Send_RunsTheCallbackAtOnceUnderTheContext_AndRestoresThePreviousOne()
    {
        await Task.Yield();
        var previous = SynchronizationContext.Current;
        SynchronizationContext? inside = null;

        ThreadPoolContext.Instance.Send(_ => inside = SynchronizationContext.Current, null);

        Assert.Same(ThreadPoolContext.Instance, inside);
        Assert.Same(previous, SynchronizationContext.Current);
    }

    // A method of the awaiting code: it captures the context that is current when it awaits.
    private static async Task<(int Thread, bool OnPool, SynchronizationContext? Context)> ResumedOnAsync(Task work)
    {
        await work;
        return (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, SynchronizationContext.Current);
    }
}
