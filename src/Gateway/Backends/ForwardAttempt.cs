namespace Gateway.Backends;

/// <summary>How one try at forwarding a request to a server ended, in the terms retries and passive health need.</summary>
internal enum ForwardFailure
{
    /// <summary>The server answered (any status).</summary>
    None,

    /// <summary>The connection could not be made (refused, unreachable, name not resolved): nothing reached the server.</summary>
    ConnectFailed,

    /// <summary>The connection was not made within the cluster's connect timeout: nothing reached the server.</summary>
    ConnectTimeout,

    /// <summary>The request was sent, then the connection was reset or closed before any response byte.</summary>
    NoResponse,

    /// <summary>The request was sent and the server said nothing within the cluster's activity timeout.</summary>
    ResponseTimeout,

    /// <summary>
    /// The server answered with a response head the gateway refuses (a malformed status line or header line, an ambiguous
    /// or invalid Content-Length, a head too large): nothing was relayed, the client gets 502. Counted against the server
    /// by passive health; not retried, since the server did answer (HAProxy's <c>PH</c>, and its <c>junk-response</c>
    /// retries are off by default).
    /// </summary>
    InvalidResponse,

    /// <summary>The client went away or broke the request (its body): not the server's fault, never retried.</summary>
    Client,

    /// <summary>Anything else (a failure while the response was already being relayed, say): not retried.</summary>
    Other,
}

/// <summary>The outcome of one try.</summary>
/// <param name="Status">The status the client would get now (the server's, or 502/504 for a failure).</param>
/// <param name="ResponseStarted">Bytes of the response reached the client: nothing can be tried again.</param>
/// <param name="Reason">Short words for logs and status ("connection refused"); null on success.</param>
/// <param name="Elapsed">How long the try took, connect included.</param>
internal readonly record struct AttemptResult(ForwardFailure Failure, int Status, bool ResponseStarted, string? Reason, TimeSpan Elapsed)
{
    public bool NothingReachedServer => Failure is ForwardFailure.ConnectFailed or ForwardFailure.ConnectTimeout;

    /// <summary>A failure that says something about the server (not about the client or the relaying).</summary>
    public bool IsServerFailure => Failure is ForwardFailure.ConnectFailed or ForwardFailure.ConnectTimeout or ForwardFailure.NoResponse or ForwardFailure.ResponseTimeout
        or ForwardFailure.InvalidResponse;
}
