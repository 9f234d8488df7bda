using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gateway.AccessLog;
using Gateway.RequestObservation;

namespace Gateway.Benchmarks.Before;

// The per-request record as it was before issue 18's rework (main at 42d1de7), kept only so that
// RequestRecordingBenchmarks can time before and after in one run: counters measured per request with a tag list
// (the exporter looks each one's series up by its tags), and a ring of references to a record allocated per request.
// Not used by the gateway.

/// <summary>The request metrics before: three or four measurements per request, each with a <see cref="TagList"/>.</summary>
internal sealed class MetricsBefore
{
    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly RouteTrafficWindow _window;

    public MetricsBefore(IMeterFactory meters, RouteTrafficWindow window)
    {
        _window = window;
        var meter = meters.Create("Gateway.Requests.Before"); // its own name: the two instrument sets must not share streams
        _requests = meter.CreateCounter<long>("gateway.requests");
        _duration = meter.CreateHistogram<double>("gateway.request.duration", unit: "s",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _bytesIn = meter.CreateCounter<long>("gateway.request.body.bytes", unit: "By");
        _bytesOut = meter.CreateCounter<long>("gateway.response.body.bytes", unit: "By");
    }

    public void Record(string listener, string? route, string? cluster, string? server, int status, TimeSpan duration, long bytesIn, long bytesOut)
    {
        var tags = new TagList
        {
            { "listener", listener },
            { "route", route ?? "" },
            { "cluster", cluster ?? "" },
            { "server", server ?? "" },
        };
        _duration.Record(duration.TotalSeconds, tags);
        if (bytesIn > 0)
        {
            _bytesIn.Add(bytesIn, tags);
        }

        if (bytesOut > 0)
        {
            _bytesOut.Add(bytesOut, tags);
        }

        _window.Record(route, status, duration);
        tags.Add("code", status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other");
        _requests.Add(1, tags);
    }
}

/// <summary>The recent-requests ring before: a reference to each request's record.</summary>
internal sealed class RecentRingBefore
{
    public const int Capacity = 500;

    private readonly AccessLogRecord?[] _ring = new AccessLogRecord?[Capacity];
    private long _written;

    public void Add(AccessLogRecord record)
    {
        var index = Interlocked.Increment(ref _written) - 1;
        Volatile.Write(ref _ring[index % Capacity], record);
    }
}
