using System.Diagnostics.Metrics;
using System.Net;
using Gateway.AccessLog;
using Gateway.Core.Configuration;
using Gateway.RequestObservation;
using Gateway.Tests.Common;
using Gateway.TrafficHistory;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.RequestObservation.ReadingsExtensions;

namespace Gateway.Tests.RequestObservation;

/// <summary>
/// Real requests through a listener (either HTTP path, by the fixture parameter): the metrics, the guard's window,
/// the charts and the recent-requests ring count the same requests with the same ids.
/// </summary>
public class RequestRecordingTests
{
    [Theory]
    [InlineData("off")]
    [InlineData("json")]
    public async Task ProxiedRequests_AreRecordedAlike_ByTheMetricsTheWindowTheChartsAndTheRecentRing(string accessLog)
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendServer.StartAsync("b1");
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("orders", "backend", "/orders/{**rest}")],
            Clusters = [TestConfigs.Cluster("backend", backend)],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config,
            args: [$"--Gateway:AccessLog:Format={accessLog}", $"--Gateway:AccessLog:Path={Path.Combine(dir.Path, "access.log")}"]);
        using var readings = new MeterReadings(gateway.Services.GetRequiredService<IMeterFactory>());

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.Url("web", $"/orders/{i}?n={i}"))).StatusCode);
        }

        using (var body = new StringContent("hello"))
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync(gateway.Url("web", "/orders/post"), body)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync(gateway.Url("web", "/orders/x?status=503"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync(gateway.Url("web", "/nowhere"))).StatusCode);

        // A request is recorded after its response is sent: wait for the sixth.
        var recent = gateway.Services.GetRequiredService<IRecentRequests>();
        await Eventually.TrueAsync(() => recent.Latest().Count >= 6, "six recent requests");
        var latest = recent.Latest();
        Assert.Equal(6, latest.Count);
        var revision = gateway.Snapshot.Version;
        var first = Assert.Single(latest, r => r.Target == "/orders/0?n=0");
        Assert.Equal(("web", "GET", 200, "orders", "backend", "b1", "--", revision), (first.Listener, first.Method, first.Status, first.Route, first.Cluster, first.Server, first.Termination, first.Revision));
        Assert.StartsWith("127.0.0.1:", first.Client, StringComparison.Ordinal);
        Assert.Contains(latest, r => r is { Method: "POST", Target: "/orders/post", Status: 200, Server: "b1" });
        Assert.Contains(latest, r => r is { Target: "/orders/x?status=503", Status: 503, Route: "orders" });
        Assert.Contains(latest, r => r is { Target: "/nowhere", Status: 404, Route: null, Cluster: null, Server: null });
        Assert.True(latest.Zip(latest.Skip(1)).All(p => p.First.AcceptedAt >= p.Second.AcceptedAt), "newest first");

        var window = gateway.Services.GetRequiredService<IRouteTraffic>();
        var summary = window.Sum("orders", window.Now - 60, window.Now);
        Assert.Equal((5L, 1L), (summary.Requests, summary.ServerErrors));

        var history = gateway.Services.GetRequiredService<ITrafficHistory>();
        Assert.Equal((5L, 1L), (history.Route("orders").Points.Sum(p => p.Requests), history.Route("orders").Points.Sum(p => p.ServerErrors)));
        Assert.Equal(5, history.Cluster("backend").Points.Sum(p => p.Requests));
        Assert.Equal(5, history.Server("backend", "b1").Points.Sum(p => p.Requests));

        var collected = readings.Collect();
        Assert.Equal(4, collected.Value("gateway.requests", SeriesTags("web", "orders", "backend", "b1", "2xx")));
        Assert.Equal(1, collected.Value("gateway.requests", SeriesTags("web", "orders", "backend", "b1", "5xx")));
        Assert.Equal(1, collected.Value("gateway.requests", SeriesTags("web", "", "", "", "4xx")));
        Assert.Equal(5, collected.Value("gateway.request.body.bytes", SeriesTags("web", "orders", "backend", "b1")));
        Assert.Equal(5, readings.Measured("gateway.request.duration").Count(d => Equals(d.Tags["route"], "orders") && Equals(d.Tags["server"], "b1")));
    }
}
