using Gateway.Core.Rules.Runtime;

namespace Gateway.Explain;

/// <summary>A request to explain: what a client would send, and where from. Nothing is sent anywhere.</summary>
public sealed record ExplainRequest
{
    /// <summary>The listener the request arrives on.</summary>
    public required string Listener { get; init; }

    public string Method { get; init; } = "GET";

    /// <summary>Path and query (<c>/api/users?id=7</c>), or an absolute URL whose host becomes the Host header.</summary>
    public string Url { get; init; } = "/";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string ClientAddress { get; init; } = "192.0.2.1";

    public int ClientPort { get; init; } = 40000;

    /// <summary>The address the client connected to; the listener's address when not given.</summary>
    public string? LocalAddress { get; init; }

    public int? LocalPort { get; init; }

    public bool Tls { get; init; }

    /// <summary>The server name sent in the TLS handshake.</summary>
    public string? Sni { get; init; }

    /// <summary><c>1.0</c>, <c>1.1</c>, <c>2.0</c> or <c>3.0</c>.</summary>
    public string HttpVersion { get; init; } = "1.1";

    /// <summary>A server's answer to run the response rules on; without one, only the request side is explained.</summary>
    public ExplainServerResponse? Response { get; init; }
}

/// <summary>What the server is imagined to answer.</summary>
public sealed record ExplainServerResponse
{
    public int Status { get; init; } = 200;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}

public enum ExplainOutcome
{
    /// <summary>Forwarded to a cluster.</summary>
    Forwarded,

    /// <summary>A rule answered (deny, tarpit, redirect, return, or a refused rewrite).</summary>
    Answered,

    /// <summary>A tcp-request connection rule closed the connection.</summary>
    Rejected,

    /// <summary>No route matched and no use-backend chose a cluster: the client gets the not-found page.</summary>
    NotFound,
}

/// <summary>What the gateway would do with the request, step by step.</summary>
public sealed record ExplainResult
{
    public required ExplainOutcome Outcome { get; init; }

    /// <summary>Every ACL evaluated and every rule fired or skipped, in order, with why.</summary>
    public required IReadOnlyList<TraceEntry> Trace { get; init; }

    public string? Route { get; init; }

    public string? Cluster { get; init; }

    /// <summary>The cluster's servers that would be offered to load balancing (ready ones).</summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>The answer a rule chose, when one did.</summary>
    public RuleResponse? Answer { get; init; }

    /// <summary>The request as it would leave for the server, after every request rule (before YARP adds its forwarding headers).</summary>
    public ExplainedMessage? Forwarded { get; init; }

    /// <summary>The response as the client would get it, when a server response was described.</summary>
    public ExplainedMessage? Response { get; init; }
}

/// <summary>A request line or status and header fields.</summary>
public sealed record ExplainedMessage
{
    public string? Method { get; init; }

    public string? Path { get; init; }

    public string? Query { get; init; }

    public int? Status { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
}
