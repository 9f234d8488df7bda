using Gateway.Core.Validation;

namespace Gateway.Management;

/// <summary>Thrown at start-up when the configuration cannot be applied; lists every error.</summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException(string version, IReadOnlyList<ValidationError> errors)
        : base(Format(version, errors))
    {
        Version = version;
        Errors = errors;
    }

    public GatewayConfigurationException()
        : this("unknown", [])
    {
    }

    public GatewayConfigurationException(string message)
        : base(message)
    {
        Version = "unknown";
        Errors = [];
    }

    public GatewayConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Version = "unknown";
        Errors = [];
    }

    public string Version { get; } = "unknown";

    public IReadOnlyList<ValidationError> Errors { get; } = [];

    private static string Format(string version, IReadOnlyList<ValidationError> errors) =>
        $"The gateway configuration ({version}) is invalid ({errors.Count} {(errors.Count == 1 ? "error" : "errors")}):"
        + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e.Path}: {e.Message}"));
}
