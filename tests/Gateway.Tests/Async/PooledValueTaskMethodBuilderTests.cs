using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Gateway.Async;

namespace Gateway.Tests.Async;

// These tests are about how a ValueTask's source behaves when it is stored, completed later and read (twice, once).
#pragma warning disable CA2012

/// <summary>
/// The core's per-request async methods use <see cref="PooledValueTaskMethodBuilder{TResult}"/>: they must behave as
/// the framework's builders do (results, exceptions, execution context) and, unlike the framework's pooling builder,
/// reuse their boxes when many calls are in flight at once.
/// </summary>
public class PooledValueTaskMethodBuilderTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    [Fact]
    public async Task AMethodThatDoesNotWait_CompletesAtOnce()
    {
        var task = AddAsync(null, 2);
        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(3, await task);
    }

    [Fact]
    public async Task ResultsAndExceptions_CrossAwaitsThatWait()
    {
        Assert.Equal(8, await AddAsync(Task.Delay(5), 7));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await FailAsync(Task.Delay(5), "after a wait"));
        Assert.Equal("after a wait", failure.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await FailAsync(null, "at once"));
        await NothingAsync(Task.Delay(5));
        await Assert.ThrowsAsync<TimeoutException>(async () => await NothingThenFailAsync(Task.Delay(5)));
    }

    [Fact]
    public async Task TheCallersExecutionContext_FlowsIn_AndTheMethodsChangesStayInside()
    {
        Ambient.Value = "caller";
        var seen = await SeeAndChangeAmbientAsync();
        Assert.Equal(("caller", "caller"), seen);
        Assert.Equal("caller", Ambient.Value);
    }

    [Fact]
    public void ManyCallsInFlight_ReuseTheirBoxes_WhereTheFrameworksPoolAllocates()
    {
        const int inFlight = 200;
        var gates = Enumerable.Range(0, inFlight).Select(_ => new Gate()).ToArray();
        var tasks = new ValueTask<int>[inFlight];
        var pooled = AllocatedPerCall(gates, tasks, (gate, i) => WaitPooledAsync(gate, i));
        var framework = AllocatedPerCall(gates, tasks, (gate, i) => WaitFrameworkPooledAsync(gate, i));
        // A Debug build makes each call's state machine a class, allocated by either builder; the boxes are the difference
        // (at least 64 B each: a state machine, a context and the result's source).
        Assert.True(framework - pooled >= 64, $"{pooled:F0} B per call against the framework's pooling builder's {framework:F0}");
    }

    [Fact]
    public async Task AResultReadTwice_IsRefused_AndTheBoxServesTheNextCall()
    {
        var gate = new Gate();
        var task = WaitPooledAsync(gate, 1);
        gate.Open(41);
        Assert.Equal(42, await task);
        Assert.Throws<InvalidOperationException>(() => task.GetAwaiter().GetResult());

        var next = WaitPooledAsync(gate, 2);
        gate.Open(40);
        Assert.Equal(42, await next);
    }

    [Fact]
    public async Task CallsCompletedOnOtherThreads_KeepTheirOwnResults_AsBoxesMoveBetweenThreads()
    {
        // Each call waits twice on work finished by the thread pool, so its box is rented on one thread, resumed on
        // others and given back on yet another; a box given back too early or to two callers would mix up results.
        const int callers = 8, callsEach = 2_000;
        var workers = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < callsEach; i++)
            {
                var expected = (caller * callsEach) + i;
                if (i % 7 == 3)
                {
                    var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await FailAsync(Task.Run(() => { }), expected.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message);
                }
                else
                {
                    Assert.Equal(expected + 2, await TwoHopsAsync(expected));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> TwoHopsAsync(int value)
    {
        var first = await Task.Run(() => value + 1).ConfigureAwait(false);
        await Task.Yield();
        return await AddAsync(Task.Run(() => { }), first).ConfigureAwait(false);
    }

    // Several rounds of `inFlight` calls that all wait, then all complete, on this thread; bytes per call after a warm-up.
    private static double AllocatedPerCall(Gate[] gates, ValueTask<int>[] tasks, Func<Gate, int, ValueTask<int>> call)
    {
        long before = 0, sum = 0;
        const int rounds = 10;
        for (var round = 0; round < rounds; round++)
        {
            if (round == 2)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            for (var i = 0; i < gates.Length; i++)
            {
                tasks[i] = call(gates[i], i);
            }

            for (var i = 0; i < gates.Length; i++)
            {
                gates[i].Open(1);
            }

            for (var i = 0; i < gates.Length; i++)
            {
                sum += tasks[i].GetAwaiter().GetResult();
            }
        }

        var perCall = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / ((rounds - 2) * gates.Length);
        Assert.Equal(rounds * gates.Length * (gates.Length + 1) / 2, sum); // each call gives 1 + i
        return perCall;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> WaitPooledAsync(Gate gate, int add) => await gate.WaitAsync().ConfigureAwait(false) + add;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> WaitFrameworkPooledAsync(Gate gate, int add) => await gate.WaitAsync().ConfigureAwait(false) + add;

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> AddAsync(Task? wait, int value)
    {
        if (wait is not null)
        {
            await wait;
        }

        return value + 1;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> FailAsync(Task? wait, string message)
    {
        if (wait is not null)
        {
            await wait;
        }

        throw new InvalidOperationException(message);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private static async ValueTask NothingAsync(Task wait) => await wait;

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder))]
    private static async ValueTask NothingThenFailAsync(Task wait)
    {
        await wait;
        throw new TimeoutException();
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<(string?, string?)> SeeAndChangeAmbientAsync()
    {
        var before = Ambient.Value;
        Ambient.Value = "inside";
        await Task.Delay(5).ConfigureAwait(false); // resumes on a pool thread
        Ambient.Value = before;
        await Task.Yield();
        var after = Ambient.Value;
        Ambient.Value = "changed inside";
        return (before, after);
    }

    /// <summary>A reusable wait, completed on the caller's thread: no allocation of its own.</summary>
    private sealed class Gate : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public ValueTask<int> WaitAsync() => new(this, _core.Version);

        public void Open(int value) => _core.SetResult(value);

        public int GetResult(short token)
        {
            var result = _core.GetResult(token);
            _core.Reset();
            return result;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
