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

    /// <summary>
    /// Whether the HTTP/1.1 core reads and writes the client sockets of plain (not TLS) HTTP listeners itself, accepted
    /// by a transport of the gateway's instead of Kestrel's socket transport (<c>Http1/Transport</c>): no receive loop or
    /// pipe between the socket and the core, and the next request read on the socket engine's next turn. Connections the
    /// core does not serve get Kestrel's own socket connection. Off by default; the standalone host turns it on
    /// (<c>Gateway:Runtime:CoreClientSockets</c>). Takes effect when a listener is bound.
    /// </summary>
    public bool CoreClientSockets { get; set; }

    /// <summary>
    /// Cookies removed from every request forwarded to a server, on both HTTP paths (with their chunks <c>nameC1</c>,
    /// <c>nameC2</c>, …). The admin host adds its session and antiforgery cookies: browsers send a host's cookies to
    /// every port, so a server behind a listener on the admin's host would otherwise receive a working admin session.
    /// </summary>
    public IList<string> ProtectedCookies { get; } = [];
}
