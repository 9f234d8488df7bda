using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Serialization;

/// <summary>
/// A cluster's retry and passive-health settings in the canonical document: fields at their default are left
/// out, and a setting whose fields are all at their default is left out whole, so documents written before
/// these settings existed serialize to the same bytes.
/// </summary>
internal static class FailurePolicies
{
    public static RetryJson? ToWire(RetryConfig retry)
    {
        if (retry.Equals(RetryConfig.Default))
        {
            return null;
        }

        return new(
            retry.Count == RetryConfig.DefaultCount ? null : retry.Count,
            retry.Redispatch ? null : false,
            retry.OnStatuses.Count == 0 ? null : [.. retry.OnStatuses],
            retry.NonIdempotent ? true : null,
            retry.BufferLimit == RetryConfig.DefaultBufferLimit ? null : retry.BufferLimit,
            CanonicalJson.Duration(retry.Deadline));
    }

    public static RetryConfig FromWire(RetryJson? model, string path, List<ValidationError> errors) => model is null ? RetryConfig.Default : new()
    {
        Count = model.Count ?? RetryConfig.DefaultCount,
        Redispatch = model.Redispatch ?? true,
        OnStatuses = model.OnStatuses ?? [],
        NonIdempotent = model.NonIdempotent ?? false,
        BufferLimit = model.BufferLimit ?? RetryConfig.DefaultBufferLimit,
        Deadline = CanonicalJson.ParseTimeout(model.Deadline, $"{path}.deadline", errors),
    };

    public static PassiveHealthJson? ToWire(PassiveHealthConfig health)
    {
        if (health == PassiveHealthConfig.Default)
        {
            return null;
        }

        return new(
            health.Enabled ? null : false,
            health.ConsecutiveFailures == PassiveHealthConfig.DefaultConsecutiveFailures ? null : health.ConsecutiveFailures,
            health.CountServerErrors ? true : null,
            health.EjectionTime == PassiveHealthConfig.DefaultEjectionTime ? null : CanonicalJson.Duration(health.EjectionTime),
            health.MaxEjectionTime == PassiveHealthConfig.DefaultMaxEjectionTime ? null : CanonicalJson.Duration(health.MaxEjectionTime));
    }

    public static PassiveHealthConfig FromWire(PassiveHealthJson? model, string path, List<ValidationError> errors) => model is null ? PassiveHealthConfig.Default : new()
    {
        Enabled = model.Enabled ?? true,
        ConsecutiveFailures = model.ConsecutiveFailures ?? PassiveHealthConfig.DefaultConsecutiveFailures,
        CountServerErrors = model.CountServerErrors ?? false,
        EjectionTime = CanonicalJson.ParseTimeout(model.EjectionTime, $"{path}.ejectionTime", errors) ?? PassiveHealthConfig.DefaultEjectionTime,
        MaxEjectionTime = CanonicalJson.ParseTimeout(model.MaxEjectionTime, $"{path}.maxEjectionTime", errors) ?? PassiveHealthConfig.DefaultMaxEjectionTime,
    };
}
