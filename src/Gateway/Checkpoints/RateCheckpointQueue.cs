using Gateway.Core.Rules.Runtime;

namespace Gateway.Checkpoints;

/// <summary>
/// The requests waiting at one <c>rate-limit</c> checkpoint for one partition (one client's entry), first come first
/// served. As HAProxy's rate-shaping note proposes, only the head of the queue holds a timer: it re-reads the head's
/// counter every <see cref="RateCheckpoints.RecheckInterval"/> (or at its deadline, if sooner), admits the head when
/// the counter fits and lets the next one check at once, and refuses the head whose wait ran out. Every request of a
/// checkpoint waits equally long, so deadlines follow queue order and no one behind the head needs a timer of its own.
/// Waiting requests hold no thread.
/// </summary>
internal sealed class RateCheckpointQueue(RateCheckpoints owner, object key, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private ITimer? _timer;
    private bool _retired;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Queues the request; null when the queue was just retired (empty and dropped), so the caller takes a fresh one.</summary>
    public Task<CheckpointVerdict>? TryEnter(CheckpointWait wait, CancellationToken aborted)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_retired)
            {
                return null;
            }

            if (_waiters.Count == 0 && wait.Fits())
            {
                return Task.FromResult(CheckpointVerdict.Admitted); // the counter came back within its limit meanwhile
            }

            if (_waiters.Count >= wait.MaxQueue)
            {
                return Task.FromResult(CheckpointVerdict.QueueFull);
            }

            waiter = new Waiter(wait, time.GetTimestamp() + (long)(wait.MaxWait.TotalSeconds * time.TimestampFrequency));
            waiter.Node = _waiters.AddLast(waiter);
            owner.CountQueued();
            if (_waiters.Count == 1)
            {
                ArmHeadTimer(time.GetTimestamp());
            }
        }

        if (aborted.CanBeCanceled)
        {
            waiter.Registration = aborted.UnsafeRegister(static (state, _) =>
            {
                var (queue, w) = ((RateCheckpointQueue, Waiter))state!;
                queue.Leave(w);
            }, (this, waiter));
        }

        return waiter.Done.Task;
    }

    /// <summary>The head's timer: admit heads whose counters fit, refuse heads whose wait ran out, then arm for the new head.</summary>
    private void OnHeadTimer()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            while (_waiters.First is { } first)
            {
                var head = first.Value;
                CheckpointVerdict verdict;
                if (head.Wait.Fits())
                {
                    verdict = CheckpointVerdict.Admitted;
                }
                else if (now >= head.Deadline)
                {
                    verdict = CheckpointVerdict.TimedOut;
                }
                else
                {
                    break;
                }

                _waiters.RemoveFirst();
                head.Finish(verdict);
            }

            if (_waiters.Count > 0)
            {
                ArmHeadTimer(now);
            }
            else
            {
                RetireIfEmpty();
            }
        }
    }

    /// <summary>A request that left while waiting (its client went away): its place is freed; if it was the head, the next one takes the timer.</summary>
    private void Leave(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            var wasHead = _waiters.First == waiter.Node;
            _waiters.Remove(waiter.Node);
            waiter.Finish(CheckpointVerdict.Abandoned);
            if (_waiters.Count == 0)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                RetireIfEmpty();
            }
            else if (wasHead)
            {
                ArmHeadTimer(time.GetTimestamp());
            }
        }
    }

    private void ArmHeadTimer(long now)
    {
        var head = _waiters.First!.Value;
        var untilDeadline = TimeSpan.FromSeconds(Math.Max(0, head.Deadline - now) / (double)time.TimestampFrequency);
        var due = untilDeadline < owner.RecheckInterval ? untilDeadline : owner.RecheckInterval;
        _timer ??= time.CreateTimer(static state => ((RateCheckpointQueue)state!).OnHeadTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void RetireIfEmpty()
    {
        _retired = true;
        _timer?.Dispose();
        _timer = null;
        owner.Drop(key, this);
    }

    private sealed class Waiter(CheckpointWait wait, long deadline)
    {
        public CheckpointWait Wait { get; } = wait;

        public long Deadline { get; } = deadline;

        public TaskCompletionSource<CheckpointVerdict> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void Finish(CheckpointVerdict verdict)
        {
            Done.TrySetResult(verdict);
            Registration.Unregister(); // not Dispose: that would wait for a running Leave, which waits for the lock held here
        }
    }
}
