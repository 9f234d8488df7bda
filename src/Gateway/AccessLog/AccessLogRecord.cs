namespace Gateway.AccessLog;

/// <summary>
/// One access-log line's data. Timers follow HAProxy's httplog (milliseconds, -1 when the phase did
/// not happen): Tw waiting in the cluster's queue, Tr the server's answer (the last try, from the
/// moment it started until the response was relayed), Ta the whole request in the gateway.
/// </summary>
internal sealed record AccessLogRecord
{
    public required DateTimeOffset AcceptedAt { get; init; }

    public required string Client { get; init; }

    public required string Listener { get; init; }

    public string Method { get; init; } = "";

    public string Target { get; init; } = "";

    public string Protocol { get; init; } = "";

    public int Status { get; init; }

    /// <summary>Request body bytes when the request declared them (-1: chunked or unknown).</summary>
    public long BytesIn { get; init; } = -1;

    /// <summary>Response body bytes when known from Content-Length (-1: chunked or unknown).</summary>
    public long BytesOut { get; init; } = -1;

    public long Tw { get; init; } = -1;

    public long Tr { get; init; } = -1;

    public long Ta { get; init; }

    public string? Route { get; init; }

    public string? Cluster { get; init; }

    public string? Server { get; init; }

    public int Retries { get; init; }

    /// <summary>Two letters, HAProxy's termination state: who ended the exchange and in which phase (see docs/observability.md).</summary>
    public string Termination { get; init; } = "--";

    /// <summary>The rule action that answered, when one did (deny, return, redirect, tarpit).</summary>
    public string? RuleAnswer { get; init; }

    /// <summary>Where the answering rule is written: its scope (e.g. <c>route api</c>) and line; null when no rule answered.</summary>
    public string? RuleScope { get; init; }

    public int RuleLine { get; init; }

    /// <summary>The configuration revision in force.</summary>
    public string Revision { get; init; } = "";

    /// <summary>TCP-mode sessions: "tcp"; HTTP requests: null.</summary>
    public string? Mode { get; init; }
}
