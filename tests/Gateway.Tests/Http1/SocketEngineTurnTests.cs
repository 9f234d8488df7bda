using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Http1.Sockets;

namespace Gateway.Tests.Http1;

/// <summary>
/// Server receives deferred to the socket engine's next turn (<see cref="SocketEngineTurn"/>), against real loopback
/// sockets. With inline socket completions (test.sh runs the core-path pass so, as the standalone host runs) the reads
/// are made on an engine thread that has a turn, and the reader must behave as it does without one: the answer whether
/// it came before the turn or after, a cancelled read's bytes kept for the next, nothing held once completed; and a
/// receive deferred during a turn waits for the engine's next batch of events. Without inline completions nothing may be
/// deferred, on any thread.
/// </summary>
public sealed class SocketEngineTurnTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WithoutInlineCompletions_NoReceiveIsDeferred_AndReadsStillWork()
    {
        if (SocketEngineTurn.Enabled)
        {
            return; // the other tests of this class cover a process with inline completions
        }

        using var pair = await SocketReaderPair.OpenAsync(EngineTurnUse.Always);
        var before = SocketEngineTurn.Deferred;
        var reading = pair.Reader.ReadAsync().AsTask();
        Assert.False(SocketEngineTurn.OnTurnThread);
        await pair.SendAsync("hello");
        var read = await reading.WaitAsync(Limit);
        Assert.Equal("hello", Text(read));
        pair.Reader.AdvanceTo(read.Buffer.End);
        Assert.Equal(before, SocketEngineTurn.Deferred);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task AnAnswerThatCameBeforeTheTurn_IsReadOnTheTurn()
    {
        if (!SocketEngineTurn.Enabled)
        {
            return;
        }

        using var pair = await SocketReaderPair.OpenAsync(EngineTurnUse.Always);
        var before = SocketEngineTurn.Deferred;
        var reading = await OnTurnThreadAsync(() =>
        {
            var read = pair.Reader.ReadAsync(); // drained: deferred to the turn, which comes after this callback returns
            Assert.False(read.IsCompleted);
            pair.Server.Send("hello"u8); // the answer comes before the turn
            return read.AsTask();
        });

        var result = await reading.WaitAsync(Limit);
        Assert.Equal("hello", Text(result));
        Assert.True(SocketEngineTurn.Deferred > before);
        pair.Reader.AdvanceTo(result.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task AnAnswerThatComesAfterTheTurn_IsWaitedFor()
    {
        if (!SocketEngineTurn.Enabled)
        {
            return;
        }

        using var pair = await SocketReaderPair.OpenAsync(EngineTurnUse.Always);
        var before = SocketEngineTurn.Deferred;
        var reading = await OnTurnThreadAsync(() => pair.Reader.ReadAsync().AsTask());
        await WaitUntilAsync(() => SocketEngineTurn.Deferred > before); // the turn ran and found nothing
        Assert.False(reading.IsCompleted);

        await pair.SendAsync("late answer");
        var result = await reading.WaitAsync(Limit);
        Assert.Equal("late answer", Text(result));
        pair.Reader.AdvanceTo(result.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task ACancelledDeferredRead_LeavesTheBytesToTheNextRead()
    {
        if (!SocketEngineTurn.Enabled)
        {
            return;
        }

        using var pair = await SocketReaderPair.OpenAsync(EngineTurnUse.Always);
        using var cancel = new CancellationTokenSource();
        var reading = await OnTurnThreadAsync(() => pair.Reader.ReadAsync(cancel.Token).AsTask());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Limit));

        await pair.SendAsync("kept");
        var next = await pair.Reader.ReadAsync().AsTask().WaitAsync(Limit);
        Assert.Equal("kept", Text(next));
        pair.Reader.AdvanceTo(next.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task AReaderCompletedBeforeItsTurn_HoldsNothingAfterIt()
    {
        if (!SocketEngineTurn.Enabled)
        {
            return;
        }

        using var pair = await SocketReaderPair.OpenAsync(EngineTurnUse.Always);
        using var cancel = new CancellationTokenSource();
        var before = SocketEngineTurn.Deferred;
        var reading = await OnTurnThreadAsync(() =>
        {
            var read = pair.Reader.ReadAsync(cancel.Token);
            cancel.Cancel(); // the read ends; its receive stays deferred
            pair.Reader.Complete(); // and the reader is done before the turn comes
            return read.AsTask();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Limit));
        await WaitUntilAsync(() => SocketEngineTurn.Deferred > before);
        await pair.SendAsync("unasked");
        await Task.Delay(50);
        Assert.False(pair.Reader.HoldsBuffer); // the turn received nothing into a completed reader
    }

    [Fact]
    public async Task AReceiveDeferredDuringATurn_WaitsForTheEnginesNextBatch()
    {
        if (!SocketEngineTurn.Enabled)
        {
            return;
        }

        // A turn's own receives defer more (a client's request read at a turn sends a request on, whose answer is
        // deferred). The next turn must come after the events the engine has waiting, not at once: turns run back to
        // back would starve every connection waiting on epoll. Socket c's event becomes ready during the first turn;
        // it must be handled before the second turn. Sockets spread over the engines, and only an event on the turn's
        // own engine says anything about the order: a new c is tried until one lands there.
        for (var attempt = 0; attempt < 12; attempt++)
        {
            using var a = await SocketReaderPair.OpenAsync(EngineTurnUse.Always);
            using var c = await SocketReaderPair.OpenAsync();
            var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var turnThread = 0;
            var cThread = 0;
            var cDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Then(c.Reader.ReadAsync(), _ => // waits on epoll
            {
                cThread = Environment.CurrentManagedThreadId;
                order.Enqueue("c");
                cDone.SetResult();
            });
            await a.SendAsync("first"); // there before the first turn
            var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await OnTurnThreadAsync(() =>
            {
                var deferred = !Then(a.Reader.ReadAsync(), read => // deferred to the first turn
                {
                    // In the first turn, on the engine thread.
                    turnThread = Environment.CurrentManagedThreadId;
                    a.Reader.AdvanceTo(read.Buffer.End);
                    a.Server.Send("second"u8); // there before the second turn
                    c.Server.Send("c"u8); // c's event: ready before the second turn is asked for
                    Then(a.Reader.ReadAsync(), _ => // deferred during the turn
                    {
                        order.Enqueue("a2");
                        secondDone.SetResult();
                    });
                });
                Assert.True(deferred);
                return 0;
            });

            await Task.WhenAll(cDone.Task, secondDone.Task).WaitAsync(Limit);
            if (cThread != turnThread)
            {
                continue; // c is on another engine thread
            }

            Assert.Equal(["c", "a2"], order.ToArray());
            return;
        }

        Assert.Fail("no socket landed on the turn's engine thread in 12 tries");
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a socket engine thread that has a turn: in the completion of a loopback datagram's
    /// receive (inline completions run there), trying new sockets until one lands on such an engine.
    /// </summary>
    [Fact]
    public async Task AYield_OnAnEngineThread_ResumesOnItsNextTurn_OnTheSameThread()
    {
        if (!SocketEngineTurn.Enabled)
        {
            return;
        }

        var before = SocketEngineTurn.Deferred;
        var resumed = await OnTurnThreadAsync(async () =>
        {
            var thread = Environment.CurrentManagedThreadId;
            var yielding = SocketEngineTurn.YieldAsync();
            Assert.False(yielding.IsCompleted); // the events of the engine's batch first
            await yielding;
            return (Same: Environment.CurrentManagedThreadId == thread, OnTurn: SocketEngineTurn.OnTurnThread);
        });

        var (same, onTurn) = await resumed.WaitAsync(Limit);
        Assert.True(same, "resumed on another thread");
        Assert.True(onTurn);
        Assert.True(SocketEngineTurn.Deferred > before); // the yield ran as the turn's work
    }

    [Fact]
    public async Task AYield_OffAnEngineThread_ResumesOnTheThreadPool()
    {
        var yielded = await Task.Run(async () =>
        {
            Assert.False(SocketEngineTurn.OnTurnThread);
            var yielding = SocketEngineTurn.YieldAsync();
            var completedAtOnce = yielding.IsCompleted;
            await yielding;
            return !completedAtOnce && Thread.CurrentThread.IsThreadPoolThread;
        }).WaitAsync(Limit);

        Assert.True(yielded);
    }

    private static async Task<T> OnTurnThreadAsync<T>(Func<T> work)
    {
        var deadline = DateTime.UtcNow + Limit;
        using (var starter = await SocketReaderPair.OpenAsync(EngineTurnUse.Always))
        {
            // The turns start with the first receive that would wait on an engine; a read from here starts them.
            var started = starter.Reader.ReadAsync().AsTask();
            await starter.SendAsync("x");
            await started.WaitAsync(Limit);
        }

        while (DateTime.UtcNow < deadline)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Connect(socket.LocalEndPoint!);
            var receiving = socket.ReceiveAsync(new byte[1], SocketFlags.None);
            socket.Send([1]);
            await receiving.ConfigureAwait(false);
            if (SocketEngineTurn.OnTurnThread)
            {
                return work();
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        throw new TimeoutException("no socket engine thread with a turn was reached");
    }

    /// <summary>Runs <paramref name="then"/> where <paramref name="read"/> completes (inline, on the completing thread); true when it had already.</summary>
    private static bool Then(ValueTask<ReadResult> read, Action<ReadResult> then)
    {
        var awaiter = read.GetAwaiter();
        if (awaiter.IsCompleted)
        {
            then(awaiter.GetResult());
            return true;
        }

        awaiter.UnsafeOnCompleted(() => then(awaiter.GetResult()));
        return false;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }

    private static string Text(ReadResult read) => Encoding.ASCII.GetString(read.Buffer);
}
