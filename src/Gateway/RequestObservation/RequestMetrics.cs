using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.RequestObservation;

/// <summary>
/// Request metrics (System.Diagnostics.Metrics, meter <c>Gateway.Requests</c>), exported by
/// whatever the host attaches (the standalone host: Prometheus at the admin's <c>/metrics</c>).
/// Labels are bounded by configuration (listener, route, cluster, server ids) and the status
/// class: never a path or a client.
/// </summary>
internal sealed class RequestMetrics
{
    public const string MeterName = "Gateway.Requests";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;

    private readonly RouteTrafficWindow _window;

    public RequestMetrics(IMeterFactory meters, RouteTrafficWindow window)
    {
        _window = window;
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("gateway.requests", description: "Requests on gateway listeners, by listener, route, cluster, server and status class.");
        _duration = meter.CreateHistogram<double>("gateway.request.duration", unit: "s", description: "Time each request spent in the gateway.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _bytesIn = meter.CreateCounter<long>("gateway.request.body.bytes", unit: "By", description: "Request body bytes declared by Content-Length.");
        _bytesOut = meter.CreateCounter<long>("gateway.response.body.bytes", unit: "By", description: "Response body bytes declared by Content-Length.");
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
