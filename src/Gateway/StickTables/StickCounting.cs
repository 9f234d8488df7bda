using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;

namespace Gateway.StickTables;

/// <summary>
/// What every path that carries traffic does around its rules so stick-table counters move as in
/// HAProxy: a request starts with the counters its connection tracks (and counts itself on them),
/// and at its end counts an error on a 4xx answer and releases what it tracked itself; a connection
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

    /// <summary>After the answer: errors and bytes on every tracked entry, then release of the request's own.</summary>
    public static void EndRequest(RuleSession session, int status, long bytesIn, long bytesOut)
    {
        if (session.Tracking is not { Any: true } tracking)
        {
            return;
        }

        tracking.CountResponse(status, bytesIn, bytesOut);
        tracking.Release();
    }

    /// <summary>Before a connection's <c>tcp-request connection</c> rules.</summary>
    public static void StartConnection(RuleSession session, StickTableSet tables) => session.StickTables = tables;

    /// <summary>What the connection tracked, to keep until it closes; null when it tracked nothing.</summary>
    public static StickTracking? Kept(RuleSession session) => session.Tracking is { OwnsAny: true } tracking ? tracking : null;
}
