using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gateway.RequestObservation;

/// <summary>
/// Request metrics (System.Diagnostics.Metrics, meter <c>Gateway.Requests</c>), exported by
/// whatever the host attaches (the standalone host: Prometheus at the admin's <c>/metrics</c>).
/// Labels are bounded by configuration (listener, route, cluster, server ids) and the status
/// class: never a path or a client.
/// </summary>
/// <remarks>
/// The counters are observable: each <see cref="RequestSeries"/> adds its requests and bytes to fields of its own, and
/// the instruments read those totals when an exporter collects. A counter measured per request would make the
/// exporter look its series up by the request's tags (hashing every tag) once per counter and request; this way the
/// one lookup per request left is the duration histogram's (System.Diagnostics.Metrics has no observable histogram),
/// made with a tag array built once per series. The exported metrics are the same: names, units, tags, the histogram's
/// buckets, cumulative monotonic sums, and a series appears once it has counted something.
/// </remarks>
internal sealed class RequestMetrics
{
    public const string MeterName = "Gateway.Requests";

    /// <summary>Series (listener, route, cluster, server) kept apart; beyond it requests are counted in one overflow series.</summary>
    public const int MaxSeries = 2000;

    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<(string Listener, string? Route, string? Cluster, string? Server), RequestSeries> _series = new();
    private readonly RequestSeries _overflow = new();
    private readonly int _maxSeries;

    public RequestMetrics(IMeterFactory meters) : this(meters, MaxSeries)
    {
    }

    internal RequestMetrics(IMeterFactory meters, int maxSeries)
    {
        _maxSeries = maxSeries;
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("gateway.requests", ObserveRequests, description: "Requests on gateway listeners, by listener, route, cluster, server and status class.");
        _duration = meter.CreateHistogram<double>("gateway.request.duration", unit: "s", description: "Time each request spent in the gateway.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableCounter("gateway.request.body.bytes", () => ObserveBytes(static s => s.BytesIn), unit: "By", description: "Request body bytes declared by Content-Length.");
        meter.CreateObservableCounter("gateway.response.body.bytes", () => ObserveBytes(static s => s.BytesOut), unit: "By", description: "Response body bytes declared by Content-Length.");
    }

    /// <summary>The series of these ids, found by their values (made on its first request); the overflow series past the cap.</summary>
    public RequestSeries Series(string listener, string? route, string? cluster, string? server)
    {
        var key = (listener, route, cluster, server);
        if (_series.TryGetValue(key, out var series))
        {
            return series;
        }

        return _series.Count >= _maxSeries ? _overflow : _series.GetOrAdd(key, static k => new RequestSeries(k.Listener, k.Route, k.Cluster, k.Server));
    }

    public void Record(RequestSeries series, int status, TimeSpan duration, long bytesIn, long bytesOut)
    {
        _duration.Record(duration.TotalSeconds, series.Tags);
        series.Count(status, bytesIn, bytesOut);
    }

    /// <summary>The same as a request recorder would, for one request whose series is not kept (tests, benchmarks).</summary>
    public void Record(string listener, string? route, string? cluster, string? server, int status, TimeSpan duration, long bytesIn, long bytesOut) =>
        Record(Series(listener, route, cluster, server), status, duration, bytesIn, bytesOut);

    private IEnumerable<RequestSeries> AllSeries()
    {
        foreach (var (_, series) in _series)
        {
            yield return series;
        }

        yield return _overflow;
    }

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        foreach (var series in AllSeries())
        {
            for (var statusClass = 0; statusClass < RequestSeries.StatusClasses.Length; statusClass++)
            {
                if (series.Requests(statusClass) is > 0 and var count)
                {
                    var tags = new KeyValuePair<string, object?>[series.Tags.Length + 1];
                    series.Tags.CopyTo(tags, 0);
                    tags[^1] = new("code", RequestSeries.StatusClasses[statusClass]);
                    yield return new Measurement<long>(count, tags);
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveBytes(Func<RequestSeries, long> bytes)
    {
        foreach (var series in AllSeries())
        {
            if (bytes(series) is > 0 and var total)
            {
                yield return new Measurement<long>(total, series.Tags);
            }
        }
    }
}
