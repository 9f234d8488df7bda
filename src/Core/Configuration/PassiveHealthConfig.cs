namespace Gateway.Core.Configuration;

/// <summary>
/// Passive health (outlier ejection; HAProxy's <c>observe layer4|layer7</c> with <c>error-limit</c>
/// and <c>on-error mark-down</c>): the servers' answers to real traffic are watched, and a server
/// that fails <see cref="ConsecutiveFailures"/> times in a row (a refused or timed-out connect, a
/// reset, no response within the cluster's timeout, and 5xx answers when
/// <see cref="CountServerErrors"/> is on) is taken out of selection for <see cref="EjectionTime"/>.
/// Each ejection that follows the previous one without a success in between lasts twice as long,
/// up to <see cref="MaxEjectionTime"/>. The active health check, when the cluster has one, or the
/// end of the ejection brings the server back.
/// </summary>
public sealed record PassiveHealthConfig
{
    public static PassiveHealthConfig Default { get; } = new();

    /// <summary>On by default; false leaves selection to the active check alone.</summary>
    public bool Enabled { get; init; } = true;

    public int ConsecutiveFailures { get; init; } = DefaultConsecutiveFailures;

    /// <summary>Count 5xx answers (other than those the gateway itself generates) as failures.</summary>
    public bool CountServerErrors { get; init; }

    public TimeSpan EjectionTime { get; init; } = DefaultEjectionTime;

    public TimeSpan MaxEjectionTime { get; init; } = DefaultMaxEjectionTime;

    public const int DefaultConsecutiveFailures = 3;

    public const int MaxConsecutiveFailures = 1000;

    public static readonly TimeSpan DefaultEjectionTime = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultMaxEjectionTime = TimeSpan.FromMinutes(5);
}
