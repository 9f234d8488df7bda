using Gateway.Forwarding;
using Gateway.Http1.Pool;
using Gateway.Model;

namespace Gateway.Http1.Proxy;

/// <summary>
/// What the last request served with this context looked up by name, found again by the names' references: the route's
/// and the cluster's traffic counters, and the server's endpoint and connection pool. The ids and addresses are the
/// configuration's own strings, the same objects request after request, so the next request to the same route, cluster
/// and server skips four lookups by string (two of them case-insensitive).
/// </summary>
/// <remarks>
/// Not reset between requests: that is its point. Counters are kept per snapshot and per table (a table keeps a route's
/// or cluster's counters while it is in the snapshot in force, and several hosts in one process, as in tests, share the
/// pool of contexts); pools are never removed from <see cref="ServerPools"/>, so a kept one stays valid. A name of another
/// object, even with the same text, is simply looked up.
/// </remarks>
internal sealed class RequestMemo
{
    private GatewaySnapshot? _routeSnapshot;
    private RouteTrafficTable? _routeTable;
    private string? _routeId;
    private RequestCounters? _route;
    private GatewaySnapshot? _clusterSnapshot;
    private ClusterTrafficTable? _clusterTable;
    private string? _clusterId;
    private RequestCounters? _cluster;
    private string? _address;
    private ServerPools? _pools;
    private ServerEndpoint? _endpoint;
    private ServerConnectionPool? _pool;

    public RequestCounters Route(RouteTrafficTable table, GatewaySnapshot snapshot, string routeId)
    {
        if (!ReferenceEquals(routeId, _routeId) || !ReferenceEquals(snapshot, _routeSnapshot) || !ReferenceEquals(table, _routeTable))
        {
            _route = table.Get(routeId);
            (_routeId, _routeSnapshot, _routeTable) = (routeId, snapshot, table);
        }

        return _route!;
    }

    public RequestCounters Cluster(ClusterTrafficTable table, GatewaySnapshot snapshot, string clusterId)
    {
        if (!ReferenceEquals(clusterId, _clusterId) || !ReferenceEquals(snapshot, _clusterSnapshot) || !ReferenceEquals(table, _clusterTable))
        {
            _cluster = table.Get(clusterId);
            (_clusterId, _clusterSnapshot, _clusterTable) = (clusterId, snapshot, table);
        }

        return _cluster!;
    }

    /// <summary>The server's endpoint and connection pool (in <paramref name="pools"/>) for <paramref name="address"/>.</summary>
    public (ServerEndpoint Endpoint, ServerConnectionPool Pool) Server(ServerPools pools, string address)
    {
        if (!ReferenceEquals(address, _address) || !ReferenceEquals(pools, _pools))
        {
            var endpoint = ServerEndpoint.For(address);
            (_endpoint, _pool) = (endpoint, pools.For(endpoint.Key));
            (_address, _pools) = (address, pools);
        }

        return (_endpoint!, _pool!);
    }
}
