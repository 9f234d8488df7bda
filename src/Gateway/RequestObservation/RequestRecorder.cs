using System.Runtime.CompilerServices;
using Gateway.AccessLog;
using Gateway.Model;
using Gateway.TrafficHistory;

namespace Gateway.RequestObservation;

/// <summary>
/// What every proxied request records when it ends, on either forwarding path, in one pass over its
/// <see cref="RequestOutcome"/>: the request metrics, the guard's per-route window, the charts' history and the
/// recent-requests ring. The (listener, route, cluster, server) of the request is found once, as a
/// <see cref="RequestSeries"/> holding that series' counters and its rings, so the common case costs no dictionary
/// lookup and allocates nothing.
/// </summary>
/// <remarks>
/// Each thread keeps a small table of the series it recorded last, indexed and compared by the ids' references: the
/// ids come from the configuration's own strings, so the same route and server are the same objects request after
/// request (a new snapshot brings new strings; they miss once and are found again by value). A miss is one lookup by
/// value in <see cref="RequestMetrics"/>.
/// </remarks>
internal sealed class RequestRecorder(RequestMetrics metrics, RouteTrafficWindow window, TrafficHistoryStore history, RecentRequestRing recent,
    IGatewaySnapshotAccessor snapshots)
{
    /// <summary>Series each thread remembers (a power of two).</summary>
    private const int CachedSeries = 16;

    [ThreadStatic]
    private static CachedSeriesEntry[]? t_cache;

    public void Record(in RequestOutcome outcome)
    {
        var series = SeriesOf(outcome.Listener, outcome.Route, outcome.Cluster, outcome.Server);
        metrics.Record(series, outcome.Status, outcome.Elapsed, outcome.BytesIn, outcome.BytesOut);
        if (series.IsOverflow)
        {
            // Shared by many ids: its rings would be the wrong ones, so they are found by the ids themselves.
            window.Record(outcome.Route, outcome.Status, outcome.Elapsed);
            history.Record(outcome.Route, outcome.Cluster, outcome.Server, outcome.Status, outcome.Elapsed);
        }
        else
        {
            RecordWindow(series, outcome.Status, outcome.Elapsed);
            var current = snapshots.Current;
            var charts = series.History;
            if (charts is null || !ReferenceEquals(charts.Snapshot, current))
            {
                charts = history.SeriesFor(series.Route, series.Cluster, series.Server, current);
                series.History = charts;
            }

            // The request ended now: its accept time plus its time in the gateway, with no second clock read.
            TrafficHistoryStore.Record(charts, outcome.AcceptedAt + outcome.Elapsed, outcome.Status, outcome.Elapsed);
        }

        recent.Add(in outcome);
    }

    private void RecordWindow(RequestSeries series, int status, TimeSpan elapsed)
    {
        if (!series.TryGetWindow(out var ring))
        {
            ring = series.Route is { } route ? window.RingOf(route) : null;
            series.SetWindow(ring);
        }

        if (ring is not null)
        {
            window.RecordInto(ring, status, elapsed);
        }
    }

    private RequestSeries SeriesOf(string listener, string? route, string? cluster, string? server)
    {
        var cache = t_cache ??= new CachedSeriesEntry[CachedSeries];
        var index = (RuntimeHelpers.GetHashCode(route ?? listener) ^ (server is null ? 0 : RuntimeHelpers.GetHashCode(server) * 31)) & (CachedSeries - 1);
        ref var entry = ref cache[index];
        if (entry.Series is { } cached && ReferenceEquals(entry.Recorder, this) && ReferenceEquals(entry.Listener, listener)
            && ReferenceEquals(entry.Route, route) && ReferenceEquals(entry.Cluster, cluster) && ReferenceEquals(entry.Server, server))
        {
            return cached;
        }

        var series = metrics.Series(listener, route, cluster, server);
        entry = new CachedSeriesEntry(this, listener, route, cluster, server, series);
        return series;
    }

    /// <summary>A series a thread recorded, with the id references it was recorded for.</summary>
    private readonly record struct CachedSeriesEntry(RequestRecorder Recorder, string Listener, string? Route, string? Cluster, string? Server, RequestSeries Series);
}
