using System.Net;
using Gateway.Admin.Store;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>Prometheus at the admin's /metrics: request counts by route and status class, for a valid admin token only.</summary>
[Collection(Gateway.Admin.Tests.Telemetry.MeterIsolation.Name)]
public sealed class MetricsApiTests : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        _host = await ApiHost.StartAsync(_backend);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private Uri MetricsUrl => new(_host.AdminUrl, "/metrics");

    [Fact]
    public async Task Metrics_CountProxiedRequestsByRouteClusterAndStatusClass()
    {
        using var proxy = new HttpClient();
        for (var i = 0; i < 3; i++)
        {
            (await proxy.GetAsync(_host.ListenerUrl("/ok"))).Dispose();
        }

        (await proxy.GetAsync(_host.ListenerUrl("/missing?status=404"))).Dispose();

        using var scraper = _host.Client(ApiHost.AdminToken);
        var text = "";
        for (var tries = 0; tries < 50 && !(Count(text, "2xx") >= 3 && Count(text, "4xx") >= 1); tries++)
        {
            await Task.Delay(tries == 0 ? 0 : 200); // OpenTelemetry's Prometheus exporter caches a scrape briefly
            text = await scraper.GetStringAsync(MetricsUrl);
        }

        Assert.Equal(3, Count(text, "2xx"));
        Assert.Equal(1, Count(text, "4xx"));
        Assert.Contains("gateway_request_duration_seconds_bucket", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_RevisionGauge_MovesOnCommit_AndTheCommitIsCountedAndTimed()
    {
        using var scraper = _host.Client(ApiHost.AdminToken);
        var before = _host.Revision;
        var text = await ScrapeUntilAsync(scraper, t => Value(t, "gateway_config_revision", "") == before);
        Assert.True(Value(text, "gateway_config_age_seconds", "") >= 0);

        var route = _host.Store.Read().Document.Routes.Single();
        var result = await _host.Store.CommitAsync(before, [ConfigOperation.Create(route with { Id = "other", Path = "/other/{**rest}" })], "metrics test", "a second route");
        Assert.Equal(CommitStatus.Committed, result.Status);
        var stale = await _host.Store.CommitAsync(before, [ConfigOperation.Delete(EntityKind.Route, "other")], "metrics test", "on a stale base");
        Assert.Equal(CommitStatus.Conflict, stale.Status);

        text = await ScrapeUntilAsync(scraper, t => Value(t, "gateway_config_revision", "") == before + 1);
        Assert.True(Value(text, "gateway_config_commits_total", "outcome=\"committed\"") >= 1);
        Assert.Equal(1, Value(text, "gateway_config_commits_total", "outcome=\"conflict\""));
        Assert.True(Value(text, "gateway_config_commit_duration_seconds_count", "outcome=\"committed\"") >= 1);
    }

    [Fact]
    public async Task Metrics_ShowServerStateAndListenerConnections()
    {
        using var proxy = new HttpClient();
        (await proxy.GetAsync(_host.ListenerUrl("/ok"))).Dispose();
        using var scraper = _host.Client(ApiHost.AdminToken);
        var text = await ScrapeUntilAsync(scraper, t => t.Contains("gateway_server_up{", StringComparison.Ordinal));
        Assert.Equal(1, Value(text, "gateway_server_up", "server=\"s1\""));
        Assert.Equal(0, Value(text, "gateway_server_requests_in_flight", "server=\"s1\""));
        Assert.Equal(0, Value(text, "gateway_server_ejections_total", "server=\"s1\""));
        Assert.Equal(0, Value(text, "gateway_cluster_requests_queued", "cluster=\"backend\""));
        Assert.True(Value(text, "gateway_listener_connections_active", "listener=\"web\"") >= 0);
    }

    [Fact]
    public async Task Metrics_WithoutAToken_Are401()
    {
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(MetricsUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> ScrapeUntilAsync(HttpClient scraper, Func<string, bool> done)
    {
        var text = "";
        for (var tries = 0; tries < 50; tries++)
        {
            await Task.Delay(tries == 0 ? 0 : 200); // OpenTelemetry's Prometheus exporter caches a scrape briefly
            text = await scraper.GetStringAsync(MetricsUrl);
            if (done(text))
            {
                return text;
            }
        }

        Assert.Fail("The scrape never showed what was expected:\n" + text);
        return text;
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (-1 when there is none).</summary>
    internal static long Value(string text, string metric, string label)
    {
        long total = -1;
        foreach (var line in text.Split('\n'))
        {
            if ((line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal)) && line.Contains(label, StringComparison.Ordinal))
            {
                var value = line[(Math.Max(line.LastIndexOf('}'), metric.Length) + 1)..].Trim().Split(' ')[0];
                total = Math.Max(total, 0) + (long)double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>The value of gateway_requests_total for the web listener's requests of status class <paramref name="code"/>.</summary>
    private static long Count(string text, string code)
    {
        long total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("gateway_requests_total{", StringComparison.Ordinal) && line.Contains($"code=\"{code}\"", StringComparison.Ordinal)
                && line.Contains("listener=\"web\"", StringComparison.Ordinal) && line.Contains("cluster=\"backend\"", StringComparison.Ordinal))
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                total += (long)double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}

/// <summary>/metrics without a token, from an address the settings allow (a Prometheus scraper).</summary>
[Collection(Gateway.Admin.Tests.Telemetry.MeterIsolation.Name)]
public sealed class MetricsScrapeAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("127.0.0.0/8", HttpStatusCode.OK)]
    [InlineData("10.0.0.0/8", HttpStatusCode.Unauthorized)]
    public async Task Metrics_WithoutAToken_FromAllowedAddresses_AreServed(string allowed, HttpStatusCode expected)
    {
        await using var host = await ApiHost.StartAsync(args: [$"--Gateway:Telemetry:ScrapeAllowedAddresses:0={allowed}"]);
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(new Uri(host.AdminUrl, "/metrics"));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("gateway_config_revision", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
