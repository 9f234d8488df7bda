namespace Gateway.Core.Configuration;

/// <summary>A frontend: an address the gateway accepts connections on.</summary>
public sealed record ListenerConfig
{
    public required string Id { get; init; }

    /// <summary>
    /// <c>ip:port</c> (<c>127.0.0.1:8080</c>, <c>[::1]:8080</c>), <c>*:port</c> for every
    /// interface, or <c>localhost:port</c>. Port 0 asks the operating system for a free port.
    /// </summary>
    public required string Address { get; init; }

    public ListenerProtocols Protocols { get; init; } = ListenerProtocols.Http1;

    /// <summary>
    /// Connections start with a PROXY protocol header (v1 or v2) from a load balancer in front; the
    /// client address it carries becomes the connection's. Connections without a valid one are closed.
    /// </summary>
    public bool AcceptProxy { get; init; }

    /// <summary>
    /// Connections served at once (HAProxy's <c>maxconn</c>); more wait, accepted, until one ends.
    /// Null means no limit beyond the server's own.
    /// </summary>
    public int? MaxConnections { get; init; }

    /// <summary>
    /// ACLs and rules of this frontend, one per line: <c>tcp-request connection</c>,
    /// <c>http-request</c> (run before a route is chosen) and <c>http-response</c> (run last).
    /// </summary>
    public string? Rules { get; init; }

    /// <summary>
    /// Ids of the certificates this listener presents; any makes it a TLS listener. Each handshake gets
    /// the one whose host names match the client's SNI (exact names first, then wildcards); the first
    /// is the default for a client that sends no SNI or one no certificate matches.
    /// </summary>
    public IReadOnlyList<string> Certificates { get; init; } = [];

    /// <summary>HAProxy's <c>strict-sni</c>: refuse handshakes whose SNI is absent or matches no certificate, instead of presenting the default.</summary>
    public bool StrictSni { get; init; }

    /// <summary>How long <c>http-request tarpit</c> holds a request before answering; five seconds when not set.</summary>
    public TimeSpan? TarpitTimeout { get; init; }

    /// <summary>HTTP (the default) or TCP: a TCP listener forwards the byte stream to a server of <see cref="DefaultCluster"/>.</summary>
    public ListenerMode Mode { get; init; } = ListenerMode.Http;

    /// <summary>
    /// HAProxy's <c>default_backend</c>. HTTP mode: requests no route matches go to this cluster
    /// instead of the not-found page. TCP mode (required): the cluster whose servers get the connections.
    /// </summary>
    public string? DefaultCluster { get; init; }

    /// <summary>
    /// TCP mode: a connection with no bytes in either direction for this long is closed on both sides; one hour when not
    /// set. HTTP mode (HTTP/1): how long a keep-alive connection may wait for its next request after a response
    /// (HAProxy's <c>timeout http-keep-alive</c>); once the request's first byte arrives, <see cref="RequestHeaderTimeout"/>
    /// applies. When not set, the host's Kestrel <c>KeepAliveTimeout</c> (130 s unless the host changes it).
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Custom bodies for the error statuses the gateway generates, by status (HAProxy's <c>errorfile</c>); others get the built-in page.</summary>
    public IReadOnlyList<ErrorPageConfig> ErrorPages { get; init; } = [];

    /// <summary>
    /// HTTP mode: how long a client has to send a request's headers, from the connection's start, or from the first
    /// byte of a later request (HAProxy's <c>timeout http-request</c>; the wait between requests is
    /// <see cref="IdleTimeout"/>); past it the connection is closed. <see cref="DefaultRequestHeaderTimeout"/> when not set.
    /// </summary>
    public TimeSpan? RequestHeaderTimeout { get; init; }

    public static readonly TimeSpan DefaultRequestHeaderTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// HTTP mode: the slowest a client may send a request body, in bytes per second, once a grace period of
    /// <see cref="MinRequestBodyRateGrace"/> has passed (Kestrel's per-request minimum data rate); a slower client gets
    /// 408 and the connection is closed, so slow-body clients cannot hold server connections for long. 0 turns the
    /// check off; <see cref="DefaultMinRequestBodyRate"/> when not set. HTTP/1.1 only: Kestrel applies its
    /// server-wide rate to HTTP/2.
    /// </summary>
    public int? MinRequestBodyRate { get; init; }

    public const int DefaultMinRequestBodyRate = 240;

    public static readonly TimeSpan MinRequestBodyRateGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// HTTP mode: serve HTTP/1.1 requests with the gateway's own HTTP/1.1 proxy core in the connection middleware instead
    /// of Kestrel's HTTP server and YARP (requests the core does not serve still go that way). Null: the host's default
    /// (off unless the host turns it on).
    /// </summary>
    public bool? Http1Core { get; init; }
}

/// <summary>What a listener does with the connections it accepts.</summary>
public enum ListenerMode
{
    /// <summary>Serve HTTP and forward requests by route.</summary>
    Http,

    /// <summary>Forward the byte stream, unread, to a server of the listener's default cluster.</summary>
    Tcp,
}

/// <summary>
/// HTTP versions a listener speaks. On a TLS listener ALPN chooses between HTTP/1.1 and
/// HTTP/2; on a cleartext listener HTTP/2 means h2c with prior knowledge, and
/// only one of the two may be chosen. HTTP/3 (TLS listeners only) runs over QUIC next to HTTP/1.1 and/or HTTP/2 (clients
/// find it through Alt-Svc); where QUIC is unavailable the listener serves the others alone.
/// </summary>
[Flags]
public enum ListenerProtocols
{
    None = 0,
    Http1 = 1,
    Http2 = 2,
    Http3 = 4,
}
