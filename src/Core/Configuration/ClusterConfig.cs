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

    public static IReadOnlyList<string> All { get; } = [RoundRobin, Random, LeastRequests, PowerOfTwoChoices, First];
}
