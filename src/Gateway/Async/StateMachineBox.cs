using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Gateway.Async;

/// <summary>
/// What a <see cref="PooledValueTaskMethodBuilder{TResult}"/> method's task awaits once the method has had to wait: the
/// method's state machine, copied here at its first incomplete await, and the result it ends with.
/// </summary>
internal abstract class StateMachineBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _core; // continuations run inline, where the method completes

    /// <summary>The execution context captured at the last await, restored around the next step.</summary>
    public ExecutionContext? Context { get; set; }

    public short Version => _core.Version;

    /// <summary>Runs the state machine's next step; one delegate per box, made once.</summary>
    public abstract Action MoveNextAction { get; }

    public void SetResult(TResult result) => _core.SetResult(result);

    public void SetException(Exception exception) => _core.SetException(exception);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public TResult GetResult(short token)
    {
        if (token != _core.Version)
        {
            // Awaited twice, or after the box went back: the framework's error, and the box stays where it is.
            return _core.GetResult(token);
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Recycle();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <summary>Forgets the state machine and context, and gives the box back to its pool.</summary>
    protected abstract void Recycle();
}

/// <summary>The box of one async method's state machine type.</summary>
internal sealed class StateMachineBox<TResult, TStateMachine> : StateMachineBox<TResult>
    where TStateMachine : IAsyncStateMachine
{
    private static readonly ContextCallback Step = static box => ((StateMachineBox<TResult, TStateMachine>)box!).StateMachine.MoveNext();

    public StateMachineBox() => MoveNextAction = MoveNext;

    /// <summary>The method's state, a field so that the method's steps run on it in place.</summary>
#pragma warning disable CA1051 // a field on purpose: MoveNext must run on the struct in place, not on a copy
    public TStateMachine StateMachine = default!;
#pragma warning restore CA1051

    public override Action MoveNextAction { get; }

    private void MoveNext()
    {
        if (Context is { } context)
        {
            ExecutionContext.Run(context, Step, this);
        }
        else
        {
            StateMachine.MoveNext(); // flow was suppressed at the await
        }
    }

    protected override void Recycle()
    {
        StateMachine = default!;
        Context = null;
        StateMachineBoxPool<StateMachineBox<TResult, TStateMachine>>.Return(this);
    }
}

/// <summary>The result type of a <see cref="PooledValueTaskMethodBuilder"/> method's boxes.</summary>
internal readonly struct NoResult;
