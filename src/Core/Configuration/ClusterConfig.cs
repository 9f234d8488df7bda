namespace Gateway.Core.Configuration;

/// <summary>A backend: a set of servers and how requests are spread over them.</summary>
public sealed record ClusterConfig
{
    public required string Id { get; init; }

    /// <summary>One of <see cref="LoadBalancingNames"/>.</summary>
    public string LoadBalancing { get; init; } = LoadBalancingNames.RoundRobin;

    public IReadOnlyList<ServerConfig> Servers { get; init; } = [];

    /// <summary>How long a forwarded request may go without any progress before it is cancelled.</summary>
    public TimeSpan? ActivityTimeout { get; init; }

    /// <summary>Upper bound on open connections to each server; null means unlimited.</summary>
    public int? MaxConnectionsPerServer { get; init; }

    /// <summary>Active health checks of this cluster's servers; null means servers are not checked.</summary>
    public HealthCheckConfig? HealthCheck { get; init; }

    /// <summary>How long connecting to a server may take before the next server is tried; five seconds when not set.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Whether connections to the servers start with a PROXY protocol header carrying the client's addresses (HAProxy's <c>send-proxy</c>, <c>send-proxy-v2</c>).</summary>
    public SendProxy SendProxy { get; init; } = SendProxy.None;

    /// <summary>ACLs, <c>http-request</c> rules run last before forwarding and <c>http-response</c> rules run first on the way back.</summary>
    public string? Rules { get; init; }

    /// <summary>
    /// The Host header the servers receive: <see cref="HostHeaderModes.Client"/> (the default, as
    /// HAProxy and Envoy: the client's Host, after any <c>http-request set-header Host</c>),
    /// <see cref="HostHeaderModes.Server"/> (the server address's own host and port), or any other
    /// value, sent as it is (e.g. <c>api.internal</c>).
    /// </summary>
    public string HostHeader { get; init; } = HostHeaderModes.Client;

    /// <summary>When a failed forward is sent again.</summary>
    public RetryConfig Retry { get; init; } = RetryConfig.Default;

    /// <summary>Servers that fail real traffic are taken out of selection for a while.</summary>
    public PassiveHealthConfig PassiveHealth { get; init; } = PassiveHealthConfig.Default;

    /// <summary>
    /// Name of the cookie that keeps a client on one server (HAProxy's <c>cookie NAME insert</c>):
    /// the gateway sets it to the server's id on the first answer and sends later requests that
    /// carry it to that server while it is available, to another (and resets the cookie) otherwise.
    /// Null for no stickiness.
    /// </summary>
    public string? StickyCookie { get; init; }

    /// <summary>
    /// Requests that find every server at its <see cref="ServerConfig.MaxConnections"/> wait in the
    /// cluster's queue, at most this many (HAProxy's <c>maxqueue</c>); the next one gets 503 with
    /// Retry-After. 0 queues nothing; null for no limit.
    /// </summary>
    public int? MaxQueue { get; init; }

    /// <summary>How long a request may wait in the queue before it gets 503 with Retry-After (HAProxy's <c>timeout queue</c>); five seconds when not set.</summary>
    public TimeSpan? QueueTimeout { get; init; }

    public static readonly TimeSpan DefaultQueueTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Read a request's whole body before choosing a server (HAProxy's <c>option http-buffer-request</c>) when its
    /// Content-Length is at most <see cref="RetryConfig.BufferLimit"/>, so a client that sends its body slowly holds no
    /// server connection meanwhile (the listener's minimum body rate still bounds it). Larger and chunked bodies are
    /// streamed as usual. Off by default.
    /// </summary>
    public bool BufferRequestBody { get; init; }

    /// <summary>At most so many of the cluster's requests at once (whatever its servers' own limits), with a queue for more; null for no limit.</summary>
    public ConcurrencyLimitConfig? Concurrency { get; init; }

    /// <summary>
    /// HAProxy's <c>http-reuse</c>: which requests may go on an idle connection to a server that another client's
    /// request left open (<see cref="HttpReuseModes"/>; <c>safe</c> by default). Applies to listeners served by the
    /// HTTP/1.1 core; the YARP path keeps HttpClient's own pool.
    /// </summary>
    public string HttpReuse { get; init; } = HttpReuseModes.Safe;
}

/// <summary>The values of <see cref="ClusterConfig.HttpReuse"/>.</summary>
public static class HttpReuseModes
{
    /// <summary>A server connection serves one client connection only.</summary>
    public const string Never = "never";

    /// <summary>A client's first request goes on a new connection; its later ones may reuse idle connections.</summary>
    public const string Safe = "safe";

    /// <summary>A first request may reuse an idle connection that has served more than one request.</summary>
    public const string Aggressive = "aggressive";

    /// <summary>Any request may reuse any idle connection.</summary>
    public const string Always = "always";

    public static IReadOnlyList<string> All { get; } = [Never, Safe, Aggressive, Always];
}

/// <summary>The named values of <see cref="ClusterConfig.HostHeader"/>; anything else is a fixed Host value.</summary>
public static class HostHeaderModes
{
    public const string Client = "client";
    public const string Server = "server";
}

/// <summary>The PROXY protocol header written at the start of every connection to a server, if any.</summary>
public enum SendProxy
{
    None,

    /// <summary>Version 1, the text line.</summary>
    V1,

    /// <summary>Version 2, the binary header.</summary>
    V2,
}

/// <summary>The load-balancing algorithms a cluster can name.</summary>
public static class LoadBalancingNames
{
    public const string RoundRobin = "round-robin";
    public const string Random = "random";
    public const string LeastRequests = "least-requests";
    public const string PowerOfTwoChoices = "power-of-two-choices";
    public const string First = "first";

    /// <summary>Consistent hash of the client's address (HAProxy's <c>balance source</c> with <c>hash-type consistent</c>).</summary>
    public const string Source = "source";

    /// <summary>Consistent hash of the path and query (HAProxy's <c>balance uri</c>).</summary>
    public const string Uri = "uri";

    /// <summary>Prefix of <c>hdr(name)</c>: consistent hash of a request header's value; requests without it go round-robin.</summary>
    public const string HeaderPrefix = "hdr(";

    public static IReadOnlyList<string> All { get; } = [RoundRobin, Random, LeastRequests, PowerOfTwoChoices, First, Source, Uri, "hdr(<name>)"];

    /// <summary>True for <c>hdr(name)</c> with a header name that is a valid token; <paramref name="header"/> is the name.</summary>
    public static bool TryParseHeader(string algorithm, out string header)
    {
        header = "";
        if (!algorithm.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase) || !algorithm.EndsWith(')'))
        {
            return false;
        }

        header = algorithm[HeaderPrefix.Length..^1].Trim();
        return header.Length > 0 && header.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c));
    }

    /// <summary>Whether <paramref name="algorithm"/> names one of the algorithms above.</summary>
    public static bool IsKnown(string algorithm) =>
        algorithm.Equals(RoundRobin, StringComparison.OrdinalIgnoreCase) || algorithm.Equals(Random, StringComparison.OrdinalIgnoreCase)
        || algorithm.Equals(LeastRequests, StringComparison.OrdinalIgnoreCase) || algorithm.Equals(PowerOfTwoChoices, StringComparison.OrdinalIgnoreCase)
        || algorithm.Equals(First, StringComparison.OrdinalIgnoreCase) || algorithm.Equals(Source, StringComparison.OrdinalIgnoreCase)
        || algorithm.Equals(Uri, StringComparison.OrdinalIgnoreCase) || TryParseHeader(algorithm, out _);
}
