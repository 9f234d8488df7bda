namespace Gateway.Admin.Ui.Services;

/// <summary>
/// What the overview shows that changes while the configuration stays: the revision in force, listeners' states,
/// request counters per route and per cluster, servers' states and health, TCP-mode counters; read with the time,
/// so that two readings give rates. The overview's live component (OverviewLive) reads it every two seconds.
/// </summary>
/// <param name="Version">The configuration in force, e.g. <c>revision 7</c>.</param>
/// <param name="Layout">A digest of what the page draws once (see <see cref="OverviewLayout"/>): when it changes, the page offers a reload.</param>
/// <param name="Clusters">Requests counted under the cluster they were sent to, after any use-backend.</param>
internal sealed record OverviewStats(
    string Version,
    long Generation,
    long LatestRevision,
    string Layout,
    long AtUnixMs,
    IReadOnlyList<ListenerView> Listeners,
    IReadOnlyList<TrafficView> Routes,
    IReadOnlyList<TrafficView> Clusters,
    IReadOnlyList<ServerView> Servers,
    TcpOverview Tcp)
{
    /// <summary>The key of a cell on the overview that changes while the page is open, e.g. <c>route:api:requests</c> or <c>server:api/a:state</c>.</summary>
    public static string Key(string kind, string id, string field) => $"{kind}:{id}:{field}";
}
