namespace Gateway.Backends;

/// <summary>What <see cref="BackendDispatcher"/> did with one request: the server that answered (or was tried last), how many tries, how long it queued, and why none could take it if so.</summary>
public sealed class ForwardSummary
{
    /// <summary>The server of the last try; null when no server could take the request.</summary>
    public string? ServerId { get; internal set; }

    /// <summary>Tries made: 1 without retries.</summary>
    public int Tries { get; internal set; }

    /// <summary>Retries made (tries after the first).</summary>
    public int Retries => Math.Max(0, Tries - 1);

    /// <summary>A retry went to another server.</summary>
    public bool Redispatched { get; internal set; }

    /// <summary>Time spent choosing the first server, waiting in the cluster's queue included.</summary>
    public TimeSpan QueueWait { get; internal set; }

    /// <summary>Why no server could take the request (answered 503), or null.</summary>
    public string? Unavailable { get; internal set; }

    internal Queues.QueueRefusal QueueRefusal { get; set; }

    /// <summary>The client went away while the request waited.</summary>
    public bool ClientAborted { get; internal set; }

    internal AttemptResult Last { get; set; }

    /// <summary>How the last try failed, in words; null when it got an answer.</summary>
    public string? LastFailure => Last.Failure == ForwardFailure.None ? null : Last.Reason;

    /// <summary>The last try's duration, connect included, until the response was relayed or the try failed.</summary>
    public TimeSpan LastTryTime => Last.Elapsed;

    /// <summary>Back to the state of a new summary, for a forwarding path that reuses one per request slot (the HTTP/1.1 core).</summary>
    internal void Reset()
    {
        ServerId = null;
        Tries = 0;
        Redispatched = false;
        QueueWait = default;
        Unavailable = null;
        QueueRefusal = default;
        ClientAborted = false;
        Last = default;
    }
}
