namespace Gateway.Connections;

/// <summary>
/// A listener's <c>maxconn</c>: at most that many connections are served at once; later ones wait,
/// already accepted, until one ends (as connections wait in HAProxy's accept backlog), or until the
/// client gives up. The limit is read per connection, so a change applies without a restart.
/// </summary>
internal sealed class ConnectionLimiter
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = [];
    private int _active;

    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Completes when the connection may be served; false when it closed while waiting.</summary>
    public async ValueTask<bool> EnterAsync(int? limit, CancellationToken closed)
    {
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (limit is null || _active < limit)
            {
                _active++;
                return true;
            }

            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(turn);
        }

        using (closed.Register(() => turn.TrySetCanceled(closed)))
        {
            try
            {
                await turn.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                // Exit skips a cancelled turn and hands the slot to the next one, so there is nothing to give back.
                lock (_lock)
                {
                    if (node.List is not null)
                    {
                        _waiting.Remove(node);
                    }
                }

                return false;
            }
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            while (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                if (next.Value.TrySetResult())
                {
                    return;
                }
            }

            _active--;
        }
    }
}
