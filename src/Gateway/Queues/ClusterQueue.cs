namespace Gateway.Queues;

/// <summary>
/// Per-server request limits of one cluster and the queue of requests waiting for a server
/// (HAProxy's server <c>maxconn</c>, <c>maxqueue</c> and <c>timeout queue</c>). A request that finds
/// every candidate at its limit waits here, first come first served; a finishing request hands its
/// place on the server straight to the oldest waiter, so a newcomer cannot overtake the queue.
/// Waiting holds no thread.
/// </summary>
internal sealed class ClusterQueue
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _active = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<TaskCompletionSource<string>> _waiters = new();
    private long _queuedTotal;
    private long _refusedTotal;

    /// <summary>Requests waiting now.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    public long QueuedTotal => Interlocked.Read(ref _queuedTotal);

    /// <summary>Requests refused because the queue was full or their wait ran out.</summary>
    public long RefusedTotal => Interlocked.Read(ref _refusedTotal);

    public int Active(string serverId)
    {
        lock (_lock)
        {
            return _active.GetValueOrDefault(serverId);
        }
    }

    /// <summary>Takes a place on the server when it has one (or no limit).</summary>
    public bool TryTake(string serverId, int? limit)
    {
        lock (_lock)
        {
            var active = _active.GetValueOrDefault(serverId);
            if (limit is { } max && active >= max)
            {
                return false;
            }

            _active[serverId] = active + 1;
            return true;
        }
    }

    /// <summary>Gives back a place taken with <see cref="TryTake"/> or received from <see cref="WaitAsync"/>: to the oldest waiter if there is one.</summary>
    public void Release(string serverId)
    {
        lock (_lock)
        {
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult(serverId))
                {
                    return; // the place moves to the waiter: the server's count stays
                }
            }

            var active = _active.GetValueOrDefault(serverId) - 1;
            if (active > 0)
            {
                _active[serverId] = active;
            }
            else
            {
                _active.Remove(serverId);
            }
        }
    }

    /// <summary>
    /// Waits for a place on any server of the cluster. <paramref name="tryNow"/> is asked, under the
    /// queue's lock, whether a candidate has room after all (a place freed since the caller looked);
    /// it returns that server's id having taken its place, or null.
    /// </summary>
    /// <returns>The id of the server whose place was handed over, or null when the queue was full (<paramref name="maxQueue"/>) or the wait ran out.</returns>
    public async ValueTask<string?> WaitAsync(Func<string?> tryNow, int? maxQueue, TimeSpan timeout, TimeProvider time, CancellationToken aborted)
    {
        TaskCompletionSource<string> waiter;
        LinkedListNode<TaskCompletionSource<string>> node;
        lock (_lock)
        {
            if (tryNow() is { } free)
            {
                return free;
            }

            if (maxQueue is { } max && _waiters.Count >= max)
            {
                Interlocked.Increment(ref _refusedTotal);
                return null;
            }

            waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
            Interlocked.Increment(ref _queuedTotal);
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout, time, aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_lock)
            {
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    return waiter.Task.Result; // handed a place just as the wait ended: keep it
                }

                waiter.TrySetCanceled(CancellationToken.None);
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                }
            }

            if (e is OperationCanceledException && aborted.IsCancellationRequested)
            {
                throw;
            }

            Interlocked.Increment(ref _refusedTotal);
            return null;
        }
    }
}
