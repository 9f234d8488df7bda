namespace Gateway.Core.Configuration;

/// <summary>
/// The whole gateway configuration as one immutable document. A document is validated as a
/// whole (<see cref="Validation.ConfigValidator"/>) and only a valid one is ever applied.
/// </summary>
/// <remarks>
/// Rate limits join this document with the issue that implements them; a source that finds them today reports them as not supported yet.
/// </remarks>
public sealed record GatewayConfig
{
    public static GatewayConfig Empty { get; } = new();

    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];

    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    public IReadOnlyList<ClusterConfig> Clusters { get; init; } = [];

    /// <summary>Key/value tables that rules look values up in with the <c>map</c> converters.</summary>
    public IReadOnlyList<MapConfig> Maps { get; init; } = [];

    /// <summary>TLS certificates that listeners name in <see cref="ListenerConfig.Certificates"/>.</summary>
    public IReadOnlyList<CertificateConfig> Certificates { get; init; } = [];

    /// <summary>Counters per client (or per any key) that rules track and read.</summary>
    public IReadOnlyList<StickTableConfig> StickTables { get; init; } = [];
}
