namespace Gateway.Model;

/// <summary>Host-level options of the gateway (the configuration document is separate).</summary>
public sealed class GatewayOptions
{
    /// <summary>Where the admin UI answers; named on the gateway's not-found page to loopback clients only. Null: not shown.</summary>
    public string? AdminUrl { get; set; }
}
