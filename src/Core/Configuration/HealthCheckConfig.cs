namespace Gateway.Core.Configuration;

/// <summary>
/// Active health checks of a cluster's servers: every <see cref="Interval"/>, an HTTP GET of
/// <see cref="Path"/> on each server of an HTTP cluster (a 2xx or 3xx answer within
/// <see cref="Timeout"/> is a success, anything else a failure), or, for a cluster of tcp://
/// servers, a TCP connect (a connection made within <see cref="Timeout"/> is a success). A server goes down after <see cref="Fall"/> failures in a row and comes
/// back up after <see cref="Rise"/> successes in a row (HAProxy's <c>check inter … rise … fall …</c>).
/// Down servers get no new traffic.
/// </summary>
public sealed record HealthCheckConfig
{
    /// <summary>
    /// Absolute path requested on each server of an HTTP cluster, e.g. <c>/health</c>. Left out
    /// (null) for a cluster of tcp:// servers, whose check is a connect.
    /// </summary>
    public string? Path { get; init; }

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Successes in a row that bring a down server back up.</summary>
    public int Rise { get; init; } = DefaultRise;

    /// <summary>Failures in a row that take a server down.</summary>
    public int Fall { get; init; } = DefaultFall;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    public const int DefaultRise = 2;

    public const int DefaultFall = 3;

    /// <summary>Upper bound of <see cref="Rise"/> and <see cref="Fall"/>.</summary>
    public const int MaxCount = 100;

    /// <summary>Bounds of <see cref="Interval"/>: often enough to matter, seldom enough not to flood a server.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);
}
