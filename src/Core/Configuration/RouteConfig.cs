namespace Gateway.Core.Configuration;

/// <summary>Matches requests on one or more listeners and sends them to a cluster.</summary>
public sealed record RouteConfig
{
    public required string Id { get; init; }

    /// <summary>Listener ids the route applies to; empty means every listener.</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];

    /// <summary>Host names to match (<c>example.com</c>, <c>*.example.com</c>, optionally with <c>:port</c>); empty matches any host.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>An ASP.NET Core route template, e.g. <c>/api/{**rest}</c>; null matches any path.</summary>
    public string? Path { get; init; }

    /// <summary>HTTP methods to match; empty matches any method.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Lower orders are tried first when several routes match equally well.</summary>
    public int? Order { get; init; }

    public required string Cluster { get; init; }

    /// <summary>
    /// The route's transform chain: ACLs, <c>http-request</c> rules run after the listener's and
    /// <c>http-response</c> rules run before the listener's, one per line.
    /// </summary>
    public string? Rules { get; init; }

    /// <summary>At most so many of the route's requests at once, with a queue for more; null for no limit.</summary>
    public ConcurrencyLimitConfig? Concurrency { get; init; }
}
