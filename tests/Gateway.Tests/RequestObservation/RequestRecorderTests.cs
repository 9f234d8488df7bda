using System.Diagnostics.Metrics;
using Gateway.AccessLog;
using Gateway.Model;
using Gateway.RequestObservation;
using Gateway.Tests.Common;
using Gateway.TrafficHistory;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.RequestObservation.ReadingsExtensions;

namespace Gateway.Tests.RequestObservation;

public sealed class RequestRecorderTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterReadings _readings;
    private readonly SnapshotHolder _snapshots = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RouteTrafficWindow _window = new();
    private readonly RecentRequestRing _recent = new();
    private readonly TrafficHistoryStore _history;

    public RequestRecorderTests()
    {
        _readings = new MeterReadings(_services.GetRequiredService<IMeterFactory>());
        _snapshots.Publish(Snapshot("orders", "old"));
        _history = new TrafficHistoryStore(_snapshots, _time);
    }

    public void Dispose()
    {
        _readings.Dispose();
        _services.Dispose();
    }

    private static GatewaySnapshot Snapshot(params string[] routes) => RoutesSnapshot.WithServers(["a", "b"], routes);

    private RequestRecorder Recorder(int maxSeries = RequestMetrics.MaxSeries) =>
        new(new RequestMetrics(_services.GetRequiredService<IMeterFactory>(), maxSeries), _window, _history, _recent, _snapshots);

    private RequestOutcome Outcome(string? route, string? server, int status, long bytesIn = -1, long bytesOut = -1, int ms = 3) =>
        new("web", "127.0.0.1:5000", "revision 1")
        {
            AcceptedAt = _time.GetUtcNow(),
            Method = "GET",
            Target = $"/{route}",
            Status = status,
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            Elapsed = TimeSpan.FromMilliseconds(ms),
            Route = route,
            Cluster = route is null ? null : "api",
            Server = server,
        };

    private static void Record(RequestRecorder recorder, RequestOutcome outcome) => recorder.Record(in outcome);

    [Fact]
    public void Record_OneOutcome_FeedsTheMetricsTheGuardsWindowTheChartsAndTheRecentRing()
    {
        var recorder = Recorder();
        Record(recorder, Outcome("orders", "a", 200, bytesOut: 100));
        Record(recorder, Outcome("orders", "a", 201, bytesIn: 7, bytesOut: 50));
        Record(recorder, Outcome("orders", "a", 503, ms: 40));
        Record(recorder, Outcome(null, null, 404, bytesOut: 9));

        var collected = _readings.Collect();
        Assert.Equal(2, collected.Value("gateway.requests", SeriesTags("web", "orders", "api", "a", "2xx")));
        Assert.Equal(1, collected.Value("gateway.requests", SeriesTags("web", "orders", "api", "a", "5xx")));
        Assert.Equal(1, collected.Value("gateway.requests", SeriesTags("web", "", "", "", "4xx")));
        Assert.Null(collected.Value("gateway.requests", SeriesTags("web", "orders", "api", "a", "4xx"))); // a class never seen is not a series
        Assert.Equal(7, collected.Value("gateway.request.body.bytes", SeriesTags("web", "orders", "api", "a")));
        Assert.Null(collected.Value("gateway.request.body.bytes", SeriesTags("web", "", "", ""))); // no bytes, no series: as a counter never added to
        Assert.Equal(150, collected.Value("gateway.response.body.bytes", SeriesTags("web", "orders", "api", "a")));
        Assert.Equal(9, collected.Value("gateway.response.body.bytes", SeriesTags("web", "", "", "")));
        var durations = _readings.Measured("gateway.request.duration");
        Assert.Equal([0.003, 0.003, 0.04, 0.003], durations.Select(d => Math.Round(d.Value, 6)));
        Assert.Equal(SeriesTags("web", "orders", "api", "a").ToDictionary(t => t.Item1, t => t.Item2), durations[0].Tags);

        var window = _window.Sum("orders", _window.Now - 5, _window.Now);
        Assert.Equal((3L, 1L), (window.Requests, window.ServerErrors));
        var route = _history.Route("orders").Points[^1];
        Assert.Equal((3L, 1L), (route.Requests, route.ServerErrors));
        Assert.Equal(3, _history.Cluster("api").Points[^1].Requests);
        Assert.Equal(3, _history.Server("api", "a").Points[^1].Requests);

        var recent = _recent.Latest();
        Assert.Equal(4, recent.Count);
        Assert.Equal(2, recent.Count(r => r.Route == "orders" && r.Status is 200 or 201 && r.Server == "a" && r.Cluster == "api"));
        Assert.Contains(recent, r => r is { Route: null, Status: 404, Target: "/", Listener: "web", Client: "127.0.0.1:5000", Termination: "--", Revision: "revision 1" });
    }

    [Fact]
    public void Record_TheSameIdsInOtherStrings_CountInTheSameSeries()
    {
        var recorder = Recorder();
        Record(recorder, Outcome("orders", "a", 200));
        var copies = Outcome(new string("orders".AsSpan()), new string("a".AsSpan()), 200);
        copies.Listener = new string("web".AsSpan());
        copies.Cluster = new string("api".AsSpan());
        Record(recorder, copies);
        Record(recorder, Outcome("orders", "a", 200));

        Assert.Equal(3, _readings.Collect().Value("gateway.requests", SeriesTags("web", "orders", "api", "a", "2xx")));
        Assert.Equal(3, _history.Server("api", "a").Points[^1].Requests);
    }

    [Fact]
    public void Record_ManyRoutesAndServersInTurn_CountEachInItsOwnSeries()
    {
        // More (route, server) pairs than a thread remembers, in turn: every one is found again, none counted in another.
        var routes = Enumerable.Range(0, 40).Select(i => $"r{i}").ToArray();
        _snapshots.Publish(Snapshot(routes));
        var recorder = Recorder();
        for (var round = 0; round < 3; round++)
        {
            foreach (var routeId in routes)
            {
                Record(recorder, Outcome(routeId, "a", 200));
                Record(recorder, Outcome(routeId, "b", 500));
            }
        }

        var collected = _readings.Collect();
        foreach (var routeId in routes)
        {
            Assert.Equal(3, collected.Value("gateway.requests", SeriesTags("web", routeId, "api", "a", "2xx")));
            Assert.Equal(3, collected.Value("gateway.requests", SeriesTags("web", routeId, "api", "b", "5xx")));
            Assert.Equal((6L, 3L), (_history.Route(routeId).Points[^1].Requests, _history.Route(routeId).Points[^1].ServerErrors));
        }

        Assert.Equal(120, _history.Server("api", "b").Points[^1].ServerErrors);
    }

    [Fact]
    public void Record_AfterANewSnapshot_CountsInTheChartsOfTheConfigurationInForce()
    {
        var recorder = Recorder();
        Record(recorder, Outcome("old", "a", 200));
        Assert.Equal(1, _history.Route("old").Points.Sum(p => p.Requests));

        // The route leaves the configuration: its chart is dropped, and the series' rings are found again, not reused.
        _snapshots.Publish(Snapshot("orders"));
        Assert.Equal(0, _history.Route("old").Points.Sum(p => p.Requests));
        Record(recorder, Outcome("old", "a", 200));
        Assert.Equal(0, _history.Route("old").Points.Sum(p => p.Requests));

        _snapshots.Publish(Snapshot("orders", "old"));
        Record(recorder, Outcome("old", "a", 200));
        Assert.Equal(1, _history.Route("old").Points.Sum(p => p.Requests));

        // The metrics are cumulative whatever the configuration: all three requests.
        Assert.Equal(3, _readings.Collect().Value("gateway.requests", SeriesTags("web", "old", "api", "a", "2xx")));
    }

    [Fact]
    public void Record_PastTheCapOnSeries_CountsTheRestInOneOverflowSeries_AndStillChartsThemByTheirIds()
    {
        var recorder = Recorder(maxSeries: 2);
        Record(recorder, Outcome("orders", "a", 200));
        Record(recorder, Outcome("orders", "b", 200));
        Record(recorder, Outcome("old", "a", 200));
        Record(recorder, Outcome("old", "b", 502, bytesOut: 10));

        var collected = _readings.Collect();
        Assert.Equal(1, collected.Value("gateway.requests", SeriesTags("web", "orders", "api", "a", "2xx")));
        Assert.Equal(1, collected.Value("gateway.requests", SeriesTags("web", "orders", "api", "b", "2xx")));
        Assert.Null(collected.Value("gateway.requests", SeriesTags("web", "old", "api", "a", "2xx")));
        Assert.Equal(1, collected.Value("gateway.requests", ("otel.metric.overflow", true), ("code", "2xx")));
        Assert.Equal(1, collected.Value("gateway.requests", ("otel.metric.overflow", true), ("code", "5xx")));
        Assert.Equal(10, collected.Value("gateway.response.body.bytes", ("otel.metric.overflow", true)));
        Assert.Equal(2, _history.Route("old").Points[^1].Requests);
        Assert.Equal(1, _history.Server("api", "b").Points[^1].ServerErrors);
        Assert.Equal(2, _window.Sum("old", _window.Now - 5, _window.Now).Requests);
    }
}
