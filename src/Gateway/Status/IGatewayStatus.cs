namespace Gateway.Status;

/// <summary>
/// The gateway's traffic counters, read-only, as copies taken when asked: what the admin pages and the
/// status API show, and what an embedding host may show too. Counters are kept by id across
/// configuration changes and dropped when their listener, route, cluster or server leaves the configuration.
/// Server health and selection are in <see cref="IServerStatusTable"/>.
/// </summary>
public interface IGatewayStatus
{
    /// <summary>A listener's connections before HTTP: its connection limit, PROXY header, tcp-request rules and TLS handshakes.</summary>
    ListenerConnectionCounts Connections(string listenerId);

    /// <summary>Requests a route matched, and how many got a 5xx.</summary>
    RequestCounts Route(string routeId);

    /// <summary>Requests a cluster was sent (after any use-backend), and how many got a 5xx.</summary>
    RequestCounts Cluster(string clusterId);

    /// <summary>A TCP-mode listener's sessions and bytes.</summary>
    TcpListenerCounts TcpListener(string listenerId);

    /// <summary>A server's TCP-mode sessions, connect failures and bytes, and until when a failed connect keeps it out of selection.</summary>
    TcpServerCounts TcpServer(string clusterId, string serverId);
}

/// <summary>Connection counters of one listener.</summary>
/// <param name="Active">Connections being served now on a listener with a connection limit.</param>
/// <param name="Waiting">Connections accepted and waiting for a slot under the listener's limit.</param>
/// <param name="RefusedOverLimit">Connections closed at once because the limit was reached and too many were already waiting.</param>
/// <param name="Rejected">Connections closed by a <c>tcp-request connection reject</c> rule.</param>
/// <param name="ProxyProtocolErrors">Connections closed for a missing, malformed or slow PROXY header.</param>
/// <param name="TlsRefused">TLS handshakes refused (strict SNI without a match, or no certificates).</param>
public sealed record ListenerConnectionCounts(int Active, int Waiting, long RefusedOverLimit, long Rejected, long ProxyProtocolErrors, long TlsRefused);

/// <summary>Requests of one route or cluster.</summary>
/// <param name="ServerErrors">Responses with a 5xx status, the gateway's own 502/503/504 included.</param>
public sealed record RequestCounts(long Requests, long ServerErrors);

/// <summary>Sessions and bytes of one TCP-mode listener.</summary>
/// <param name="NoServer">Sessions closed because no server of the cluster could be reached.</param>
/// <param name="BytesIn">Bytes from clients to servers.</param>
/// <param name="BytesOut">Bytes from servers to clients.</param>
public sealed record TcpListenerCounts(long Connections, long Active, long NoServer, long BytesIn, long BytesOut);

/// <summary>TCP-mode sessions of one server.</summary>
/// <param name="DownUntil">While in the future, a failed connect keeps the server out of selection (passive health).</param>
public sealed record TcpServerCounts(long Connections, long Active, long ConnectFailures, long BytesSent, long BytesReceived, DateTimeOffset? DownUntil);
