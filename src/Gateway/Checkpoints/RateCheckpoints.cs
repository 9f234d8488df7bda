using System.Collections.Concurrent;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Checkpoints;

/// <summary>
/// The queues of every <c>rate-limit</c> checkpoint, one per checkpoint and partition, made when a request first
/// waits and dropped when the last one leaves. It needs no HTTP request: both HTTP paths and TCP mode call it
/// (through <see cref="CheckpointRunner"/>) with the <see cref="CheckpointWait"/> their rules left.
/// </summary>
internal sealed class RateCheckpoints(TimeProvider time)
{
    private readonly ConcurrentDictionary<object, RateCheckpointQueue> _queues = new();

    /// <summary>How often the head of a queue re-reads its counter: rates move continuously, so they are looked at, not awaited.</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Queues that hold at least one request (for tests and status).</summary>
    public int ActiveQueues => _queues.Count;

    private long _queuedTotal;

    /// <summary>Requests that have waited at a checkpoint since start (for tests and status).</summary>
    public long QueuedTotal => Interlocked.Read(ref _queuedTotal);

    internal void CountQueued() => Interlocked.Increment(ref _queuedTotal);

    /// <summary>Requests waiting now, over every checkpoint.</summary>
    public int Waiting => _queues.Values.Sum(q => q.Count);

    /// <summary>Waits at the checkpoint until the request is admitted, refused, or its client leaves.</summary>
    public async ValueTask<CheckpointVerdict> WaitAsync(CheckpointWait wait, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(wait);
        object key = wait.Partition is null ? wait.Checkpoint : (wait.Checkpoint, wait.Partition);
        while (true)
        {
            var queue = _queues.GetOrAdd(key, static (k, self) => new RateCheckpointQueue(self, k, self._time), this);
            if (queue.TryEnter(wait, aborted) is { } entered)
            {
                return await entered.ConfigureAwait(false);
            }
        }
    }

    private readonly TimeProvider _time = time;

    internal void Drop(object key, RateCheckpointQueue queue) => _queues.TryRemove(new KeyValuePair<object, RateCheckpointQueue>(key, queue));
}

/// <summary>How a wait at a checkpoint ended.</summary>
internal enum CheckpointVerdict
{
    /// <summary>The counter fits: the request goes on with the next rule.</summary>
    Admitted,

    /// <summary>As many requests as the checkpoint allows were waiting already.</summary>
    QueueFull,

    /// <summary>The counter did not fit within the checkpoint's wait.</summary>
    TimedOut,

    /// <summary>The client went away while waiting; its place is free.</summary>
    Abandoned,
}
