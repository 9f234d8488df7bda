namespace Gateway.Health;

/// <summary>What the health check last concluded about a server.</summary>
public enum ServerHealthStatus
{
    /// <summary>No check has answered yet, or the cluster has no health check: the server takes traffic.</summary>
    NotChecked,

    Up,

    /// <summary>Failed <c>fall</c> checks in a row: no new traffic until it passes <c>rise</c> in a row.</summary>
    Down,
}

/// <summary>A server's health as its checks left it.</summary>
/// <param name="Since">When <paramref name="Status"/> began; null while not checked.</param>
/// <param name="LastFailure">Why the latest failed check failed, e.g. <c>HTTP 503</c> or <c>timed out after 00:00:02</c>.</param>
/// <param name="ConsecutiveSuccesses">Checks passed in a row, counting towards <c>rise</c>.</param>
/// <param name="ConsecutiveFailures">Checks failed in a row, counting towards <c>fall</c>.</param>
public sealed record ServerHealth(
    ServerHealthStatus Status,
    DateTimeOffset? Since = null,
    DateTimeOffset? LastCheckAt = null,
    string? LastFailure = null,
    DateTimeOffset? LastFailureAt = null,
    int ConsecutiveSuccesses = 0,
    int ConsecutiveFailures = 0)
{
    public static ServerHealth NotChecked { get; } = new(ServerHealthStatus.NotChecked);
}
