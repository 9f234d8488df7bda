namespace Gateway.Model;

/// <summary>Host-level options of the gateway (the configuration document is separate).</summary>
public sealed class GatewayOptions
{
    /// <summary>Where the admin UI answers; named on the gateway's not-found page to loopback clients only. Null: not shown.</summary>
    public string? AdminUrl { get; set; }

    /// <summary>
    /// Whether HTTP listeners that do not say (<c>http1Core</c> unset) are served by the HTTP/1.1 proxy core in the
    /// connection middleware. Off by default: see docs/architecture.md for what the core leaves to Kestrel and YARP.
    /// </summary>
    public bool Http1CoreByDefault { get; set; }
}
