using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Async;

/// <summary>
/// An async method builder for <see cref="ValueTask{TResult}"/> methods whose state-machine boxes come from
/// <see cref="StateMachineBoxPool{TBox}"/>: deep enough for one call in flight per connection.
/// </summary>
/// <remarks>
/// The framework's <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/> keeps one box per thread and one per core.
/// A proxy has one call of each per-request method in flight on every busy connection, so with 64 connections on one
/// core that pool is nearly always empty: the core's three per-request methods allocated about 1.1 KB of boxes per
/// request (docs/benchmarks.md, issue 18, "A request without allocation"). Neither the framework nor Kestrel offers a deeper pool
/// for an async method, so this one is written here; it keeps the framework builder's semantics: the execution context
/// is captured at each await and restored around each step, continuations run inline, and a box goes back to the pool
/// once its result has been read (a <see cref="ValueTask{TResult}"/> is awaited once). One difference no caller here
/// looks at: an exception thrown before the first incomplete await faults the task even when it is an
/// <see cref="OperationCanceledException"/>, which the framework's builders report as canceled; awaiting throws the same
/// exception either way.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
internal struct PooledValueTaskMethodBuilder<TResult>
{
    private StateMachineBox<TResult>? _box; // set at the first await that does not complete at once
    private TResult _result;
    private Exception? _exception;

    public static PooledValueTaskMethodBuilder<TResult> Create() => default;

    public readonly ValueTask<TResult> Task =>
        _box is { } box ? new ValueTask<TResult>(box, box.Version)
        : _exception is null ? new ValueTask<TResult>(_result)
        : ValueTask.FromException<TResult>(_exception);

    /// <summary>The task without its result, for <see cref="PooledValueTaskMethodBuilder"/>.</summary>
    internal readonly ValueTask TaskWithoutResult =>
        _box is { } box ? new ValueTask(box, box.Version)
        : _exception is null ? default
        : ValueTask.FromException(_exception);

#pragma warning disable CA1822 // instance members: the compiler's builder pattern calls them on the builder
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        // The framework's start: runs the first step, then restores the caller's execution and synchronization contexts.
        default(AsyncValueTaskMethodBuilder<TResult>).Start(ref stateMachine);

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => _ = stateMachine; // boxes are the builder's own
#pragma warning restore CA1822

    public void SetResult(TResult result)
    {
        if (_box is { } box)
        {
            box.SetResult(result); // runs the awaiter's continuation here: nothing of the state machine is touched after
        }
        else
        {
            _result = result;
        }
    }

    public void SetException(Exception exception)
    {
        if (_box is { } box)
        {
            box.SetException(exception);
        }
        else
        {
            _exception = exception;
        }
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.UnsafeOnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    private StateMachineBox<TResult> BoxFor<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var context = ExecutionContext.Capture();
        if (_box is StateMachineBox<TResult, TStateMachine> existing)
        {
            existing.Context = context; // a later await, from inside the box's own copy of the state machine
            return existing;
        }

        var box = StateMachineBoxPool<StateMachineBox<TResult, TStateMachine>>.Rent();
        // The box goes into the builder before the state machine is copied into the box, so the copy the box runs
        // carries a builder that knows its box.
        _box = box;
        box.StateMachine = stateMachine;
        box.Context = context;
        return box;
    }
}

/// <summary>The same builder for <see cref="ValueTask"/> methods.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct PooledValueTaskMethodBuilder
{
    private PooledValueTaskMethodBuilder<NoResult> _inner;

    public static PooledValueTaskMethodBuilder Create() => default;

    public readonly ValueTask Task => _inner.TaskWithoutResult;

    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        _inner.Start(ref stateMachine);

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => _inner.SetStateMachine(stateMachine);

    public void SetResult() => _inner.SetResult(default);

    public void SetException(Exception exception) => _inner.SetException(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}
