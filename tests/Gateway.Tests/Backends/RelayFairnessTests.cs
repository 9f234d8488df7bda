using Gateway.Backends;
using Gateway.Forwarding;

namespace Gateway.Tests.Backends;

/// <summary>
/// The relay budget both paths spend (<see cref="RelayFairness"/>): a relay that never waits yields once per budget, a
/// wait starts the budget again; and YARP's side of it, <see cref="FairBodyStream"/>, which yields in a copy whose reads
/// and writes all complete at once and passes everything else (seeking for a retry's rewind) through.
/// </summary>
public sealed class RelayFairnessTests
{
    private const int Chunk = 32 * 1024;

    [Fact]
    public void TheBudget_IsSpentByBytesWithoutAWait_AndAWaitStartsItAgain()
    {
        var fairness = new RelayFairness();
        for (var spent = Chunk; spent < RelayFairness.Budget; spent += Chunk)
        {
            Assert.False(fairness.Spend(Chunk));
        }

        Assert.True(fairness.Spend(Chunk)); // the budget's last chunk
        Assert.False(fairness.Spend(Chunk)); // and it starts again

        fairness.Waited();
        Assert.False(fairness.Spend(RelayFairness.Budget - 1));
        fairness.Waited();
        Assert.False(fairness.Spend(RelayFairness.Budget - 1)); // a wait in between: never a whole budget
        Assert.True(fairness.Spend(1));
    }

    [Fact]
    public void AReadOfABodyThatNeverWaits_YieldsOncePerBudget_AndKeepsEveryByte()
    {
        var body = new byte[(4 * RelayFairness.Budget) + 1000];
        Random.Shared.NextBytes(body);
        var stream = new FairBodyStream(new MemoryStream(body)); // every read completes at once
        var copy = new MemoryStream();
        var buffer = new byte[Chunk];
        var yields = Pumped(pump =>
        {
            while (pump.Await(stream.ReadAsync(buffer)) is > 0 and var read)
            {
                copy.Write(buffer, 0, read);
            }
        });

        Assert.Equal(4, yields);
        Assert.Equal(body, copy.ToArray());
    }

    [Fact]
    public void WritesThatNeverWait_YieldOncePerBudget()
    {
        var inner = new MemoryStream();
        var stream = new FairBodyStream(inner);
        var chunk = new byte[Chunk];
        var yields = Pumped(pump =>
        {
            for (var written = 0; written < 2 * RelayFairness.Budget; written += Chunk)
            {
                pump.Await(stream.WriteAsync(chunk));
            }
        });

        Assert.Equal(2, yields);
        Assert.Equal(2 * RelayFairness.Budget, inner.Length);
    }

    [Fact]
    public async Task ABufferedBody_IsRewoundThroughTheStream()
    {
        var stream = new FairBodyStream(new MemoryStream("hello"u8.ToArray()));
        var buffer = new byte[5];
        Assert.Equal(5, await stream.ReadAsync(buffer));
        Assert.True(stream.CanSeek);
        stream.Position = 0;
        Assert.Equal(5, await stream.ReadAsync(buffer));
        Assert.Equal("hello"u8.ToArray(), buffer);
        Assert.Equal(5, stream.Length);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0L, false)]
    [InlineData((long)RelayFairness.Budget, false)]
    [InlineData((long)RelayFairness.Budget + 1, true)]
    public void OnlyABodyAboveTheBudget_OrOfUnknownLength_IsWrapped(long? length, bool wrapped) =>
        Assert.Equal(wrapped, FairBodyStream.MayExceedBudget(length));

    /// <summary>
    /// Runs <paramref name="copy"/> under a synchronization context that keeps what is posted to it (a yield's
    /// continuation) until <see cref="PumpedContext.Await{T}(ValueTask{T})"/> runs it: whether a call yielded is then
    /// known for certain, not raced by the thread pool. Returns how many calls yielded.
    /// </summary>
    private static int Pumped(Action<PumpedContext> copy)
    {
        var previous = SynchronizationContext.Current;
        var context = new PumpedContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            copy(context);
            return context.Yields;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private sealed class PumpedContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

        public int Yields { get; private set; }

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_posted)
            {
                _posted.Enqueue((d, state));
            }
        }

        public T Await<T>(ValueTask<T> pending)
        {
            Run(pending.IsCompleted);
            return pending.GetAwaiter().GetResult();
        }

        public void Await(ValueTask pending)
        {
            Run(pending.IsCompleted);
            pending.GetAwaiter().GetResult();
        }

        private void Run(bool completedAtOnce)
        {
            if (completedAtOnce)
            {
                return;
            }

            Yields++;
            while (true)
            {
                (SendOrPostCallback Callback, object? State) next;
                lock (_posted)
                {
                    if (!_posted.TryDequeue(out next))
                    {
                        return;
                    }
                }

                next.Callback(next.State);
            }
        }
    }
}
