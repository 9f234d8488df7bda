namespace Gateway.AccessLog;

/// <summary>
/// One HTTP request's outcome as either forwarding path reports it when the request ends: built once, on the stack,
/// and read by everything that records the request (the metrics, the charts' history, the recent-requests ring) and,
/// only when the line is written, copied into an <see cref="AccessLogRecord"/> for the access log's queue. Fields
/// mean what the access-log line's fields mean (docs/observability.md).
/// </summary>
internal struct RequestOutcome
{
    public DateTimeOffset AcceptedAt;

    /// <summary>Address and port, e.g. <c>127.0.0.1:50412</c>; <c>-</c> when unknown.</summary>
    public string Client;

    public string Listener;

    public string Method;

    public string Target;

    public string Protocol;

    public int Status;

    /// <summary>Request body bytes when declared (-1: chunked or unknown).</summary>
    public long BytesIn;

    /// <summary>Response body bytes when known from Content-Length (-1: chunked or unknown).</summary>
    public long BytesOut;

    /// <summary>Tw in milliseconds; -1 when the request was not queued for a server.</summary>
    public long Tw;

    /// <summary>Tr in milliseconds; -1 when no try was made.</summary>
    public long Tr;

    /// <summary>The whole request in the gateway (Ta, exact; the line has it in whole milliseconds).</summary>
    public TimeSpan Elapsed;

    public string? Route;

    public string? Cluster;

    public string? Server;

    public int Retries;

    public string Termination;

    public string? RuleAnswer;

    public string? RuleScope;

    public int RuleLine;

    public string Revision;

    /// <summary>An outcome with the access log's "did not happen" values, to be filled by the path that ends the request.</summary>
    public RequestOutcome(string listener, string client, string revision)
    {
        Listener = listener;
        Client = client;
        Revision = revision;
        Method = "";
        Target = "";
        Protocol = "";
        BytesIn = -1;
        BytesOut = -1;
        Tw = -1;
        Tr = -1;
        Termination = "--";
    }

    /// <summary>Ta: the whole request in the gateway, in whole milliseconds.</summary>
    public readonly long Ta => (long)Elapsed.TotalMilliseconds;

    /// <summary>The access-log line of this outcome (allocated: only for a line that is written).</summary>
    public readonly AccessLogRecord ToRecord() => new()
    {
        AcceptedAt = AcceptedAt,
        Client = Client,
        Listener = Listener,
        Method = Method,
        Target = Target,
        Protocol = Protocol,
        Status = Status,
        BytesIn = BytesIn,
        BytesOut = BytesOut,
        Tw = Tw,
        Tr = Tr,
        Ta = Ta,
        Route = Route,
        Cluster = Cluster,
        Server = Server,
        Retries = Retries,
        Termination = Termination,
        RuleAnswer = RuleAnswer,
        RuleScope = RuleScope,
        RuleLine = RuleLine,
        Revision = Revision,
    };
}
