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

    /// <summary>ACLs, <c>http-request</c> rules run last before forwarding and <c>http-response</c> rules run first on the way back.</summary>
    public string? Rules { get; init; }
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
