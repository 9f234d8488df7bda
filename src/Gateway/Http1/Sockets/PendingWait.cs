namespace Gateway.Http1.Sockets;

/// <summary>
/// The one read (<see cref="SocketPipeReader"/>) or flush (<see cref="SocketPipeWriter"/>) that waits on a socket call,
/// and the registration of the token that may end it first. Both pipes wait the same way: a wait ends once, either by the
/// socket call completing (<see cref="End"/>) or by a cancellation (<see cref="TryEnd"/>), whichever takes it first
/// under the owner's lock.
/// </summary>
/// <remarks>
/// A mutable struct held in a field of its owner and only ever used through that field, so the token callback that
/// <see cref="Begin"/> may run at once (a token cancelled already) changes the same storage. <see cref="Begin"/>,
/// <see cref="End"/> and <see cref="TryEnd"/> run under the owner's lock; <see cref="Unregister"/> after it.
/// </remarks>
internal struct PendingWait
{
    private CancellationTokenRegistration _registration;
    private CancellationToken _token; // the waiting call's: a callback of an earlier call's token is told apart

    /// <summary>Whether a call waits.</summary>
    public bool IsWaiting { readonly get; private set; }

    /// <summary>A call waits, ended early by <paramref name="token"/> through <paramref name="onCanceled"/> (given <paramref name="owner"/>).</summary>
    public void Begin(Action<object?, CancellationToken> onCanceled, object owner, CancellationToken token)
    {
        IsWaiting = true;
        _token = token;
        if (token.CanBeCanceled)
        {
            // A token cancelled already runs the callback here (the owner's lock is re-entrant), which ends the wait at once.
            _registration = token.UnsafeRegister(onCanceled, owner);
        }
    }

    /// <summary>The socket call completed: whether a call was waiting for it (then it no longer waits).</summary>
    public bool End()
    {
        var waited = IsWaiting;
        IsWaiting = false;
        _token = default;
        return waited;
    }

    /// <summary>
    /// Ends the wait before its socket call: <paramref name="canceledBy"/> null for the pipe's own cancel, else the token
    /// whose callback this is. False when no call waits, or the callback is an earlier call's.
    /// </summary>
    public bool TryEnd(CancellationToken? canceledBy)
    {
        if (!IsWaiting || (canceledBy is { } by && by != _token))
        {
            return false;
        }

        IsWaiting = false;
        _token = default;
        return true;
    }

    /// <summary>After the wait ended, outside the lock: the token no longer ends anything.</summary>
    public void Unregister()
    {
        _registration.Unregister();
        _registration = default;
    }
}
