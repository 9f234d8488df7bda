namespace Gateway.Connections;

/// <summary>
/// A listener's <c>maxconn</c>: at most that many connections are served at once; later ones wait,
/// already accepted, until one ends (as connections wait in HAProxy's accept backlog), or until the
/// client gives up. The limit is read per connection, so a change applies without a restart.
/// At most <see cref="MaxWaiting"/> wait (HAProxy's are bounded by the kernel's accept backlog);
/// beyond that a connection is closed at once, so a flood cannot hold file descriptors without end.
/// </summary>
internal sealed class ConnectionLimiter(int maxWaiting = ConnectionLimiter.MaxWaiting)
{
    /// <summary>The kernel's default accept backlog (net.core.somaxconn) on current Linux.</summary>
    public const int MaxWaiting = 4096;

    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = [];
    private int _active;
    private long _refused;

    /// <summary>Connections closed at once because <see cref="MaxWaiting"/> were already waiting.</summary>
    public long Refused => Interlocked.Read(ref _refused);

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

    /// <summary>Completes when the connection may be served; false when it closed while waiting, or too many wait.</summary>
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

            if (_waiting.Count >= maxWaiting)
            {
                _refused++;
                return false;
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
