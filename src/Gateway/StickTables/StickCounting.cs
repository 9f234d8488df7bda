using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;

namespace Gateway.StickTables;

/// <summary>
/// What every path that carries traffic does around its rules so stick-table counters move as in
/// HAProxy: a request starts with the counters its connection tracks (and counts itself on them),
/// and at its end counts an error as HAProxy 2.6 does (see IsClientError) and releases what it tracked itself; a connection
/// releases its own when it closes. Both HTTP paths and TCP mode call these, never their own copy.
/// </summary>
internal static class StickCounting
{
    /// <summary>Before a request's first rule: its session reads the snapshot's tables and its connection's counters.</summary>
    public static void StartRequest(RuleSession session, StickTableSet tables, StickTracking? connection)
    {
        session.StickTables = tables;
        if (connection is { Any: true })
        {
            session.Tracking = new StickTracking(connection);
            session.Tracking.CountRequestOnInherited();
        }
    }

    /// <summary>
    /// Whether the request counts in <c>http_err_cnt</c>/<c>http_err_rate</c>, as HAProxy 2.6 counts it
    /// (<c>http_ana.c</c>): a request an <c>http-request deny</c> or <c>tarpit</c> refused, whatever its status (a
    /// <c>rate-limit</c> refusal is a deny too), or a server answer of 4xx, read before the response rules (so
    /// <c>http-response set-status</c> does not change it). An answer a rule wrote with <c>return</c> or
    /// <c>redirect</c>, an <c>http-response deny</c>, and the gateway's own errors (no route, no server, a full
    /// concurrency queue) are not client errors. Requests Kestrel refuses as malformed never reach the rules.
    /// </summary>
    public static bool IsClientError(bool deniedByRequestRule, int? serverStatus) =>
        deniedByRequestRule || serverStatus is >= 400 and <= 499;

    /// <summary>After the answer: errors and bytes on every tracked entry, then release of the request's own.</summary>
    public static void EndRequest(RuleSession session, bool clientError, long bytesIn, long bytesOut)
    {
        if (session.Tracking is not { Any: true } tracking)
        {
            return;
        }

        tracking.CountResponse(clientError, bytesIn, bytesOut);
        tracking.Release();
    }

    /// <summary>Before a connection's <c>tcp-request connection</c> rules.</summary>
    public static void StartConnection(RuleSession session, StickTableSet tables) => session.StickTables = tables;

    /// <summary>What the connection tracked, to keep until it closes; null when it tracked nothing.</summary>
    public static StickTracking? Kept(RuleSession session) => session.Tracking is { OwnsAny: true } tracking ? tracking : null;
}
