using Gateway.Core.Configuration;

namespace Gateway.Backends;

/// <summary>
/// What a forwarding path (YARP's today, an HTTP/1.1 proxy core later) gives
/// <see cref="BackendDispatcher"/> for one request: the servers it may use, the request data that
/// selection reads, and the means to send the request to one server and to start over. Everything
/// else (which server, how often, in which order, queues, passive health, logs, counts) is the
/// dispatcher's, so both paths behave the same.
/// </summary>
/// <typeparam name="TServer">The path's handle of a server (YARP's DestinationState).</typeparam>
internal interface IForwardHost<TServer>
    where TServer : class
{
    string Method { get; }

    /// <summary>The primary servers that may take new requests now: ready, weight above 0, not down by the active check.</summary>
    IReadOnlyList<TServer> Available { get; }

    /// <summary>The backup servers that pass the same tests, for when no primary is left.</summary>
    IReadOnlyList<TServer> AvailableBackups();

    string Id(TServer server);

    /// <summary>The cluster's balance algorithm (round-robin, least requests…) applied to <paramref name="candidates"/>.</summary>
    TServer? PickBalanced(IReadOnlyList<TServer> candidates);

    /// <summary>The request data a hashing algorithm reads: the client's address, the path (before the query, as HAProxy's <c>balance uri</c>), or a header's value; null when absent.</summary>
    string? HashKey(HashSource source, string? header);

    /// <summary>The value of the request's cookie <paramref name="name"/>, or null.</summary>
    string? Cookie(string name);

    /// <summary>Makes the request's body readable again for a retry when it is at most <paramref name="limit"/> bytes; true when there is no body or it can be replayed.</summary>
    bool PrepareReplay(int limit);

    /// <summary>
    /// Reads the request's whole body into memory before a server is chosen, when its declared length is at most
    /// <paramref name="limit"/> bytes (larger and chunked bodies are left to stream). False when the body could not be
    /// read (the client went away, was too slow for the listener's minimum body rate, or sent a malformed body): the
    /// host has then answered (408, 400) or dropped the request, and no server is chosen.
    /// </summary>
    ValueTask<bool> BufferBodyAsync(int limit);

    /// <summary>Sends the request to <paramref name="server"/> once. <paramref name="mayRetryStatus"/> says whether an answer with a retry status may be held back (its body not relayed) for another try.</summary>
    ValueTask<AttemptResult> SendAsync(TServer server, bool mayRetryStatus);

    /// <summary>Forgets a failed try's response and rewinds the request's body, before the next try.</summary>
    void ResetForRetry();

    /// <summary>Adds a Set-Cookie header (<paramref name="cookie"/> is its value) to the response, whichever try answers.</summary>
    void SetStickyCookie(string cookie);

    /// <summary>Answers the client without a server: 503 when none may take the request, with Retry-After when given.</summary>
    ValueTask RespondUnavailableAsync(string reason, TimeSpan? retryAfter);

    /// <summary>The client went away: ends a try (connect, send, response).</summary>
    CancellationToken Aborted { get; }

    /// <summary>The client went away or ended its input (a FIN): ends a wait in the cluster's queue.</summary>
    CancellationToken WaitAborted { get; }

    /// <summary>Called once the request is done with: what happened, for the access log and traces.</summary>
    void Completed(ForwardSummary summary);
}

/// <summary>Where a hashing algorithm takes its key from.</summary>
internal enum HashSource
{
    ClientAddress,
    Path,
    Header,
}
