using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Serialization;

/// <summary>A cluster's health check in the canonical document: fields at their default are left out.</summary>
internal static class HealthChecks
{
    public static HealthCheckJson? ToWire(HealthCheckConfig? check) => check is null ? null : new(
        check.Path,
        check.Interval == HealthCheckConfig.DefaultInterval ? null : CanonicalJson.Duration(check.Interval),
        check.Timeout == HealthCheckConfig.DefaultTimeout ? null : CanonicalJson.Duration(check.Timeout),
        check.Rise == HealthCheckConfig.DefaultRise ? null : check.Rise,
        check.Fall == HealthCheckConfig.DefaultFall ? null : check.Fall);

    public static HealthCheckConfig? FromWire(HealthCheckJson? model, string path, List<ValidationError> errors) => model is null ? null : new()
    {
        Path = model.Path,
        Interval = CanonicalJson.ParseTimeout(model.Interval, $"{path}.interval", errors) ?? HealthCheckConfig.DefaultInterval,
        Timeout = CanonicalJson.ParseTimeout(model.Timeout, $"{path}.timeout", errors) ?? HealthCheckConfig.DefaultTimeout,
        Rise = model.Rise ?? HealthCheckConfig.DefaultRise,
        Fall = model.Fall ?? HealthCheckConfig.DefaultFall,
    };
}
