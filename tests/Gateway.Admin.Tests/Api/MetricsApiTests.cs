using System.Net;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>Prometheus at the admin's /metrics: request counts by route and status class, for a valid admin token only.</summary>
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
    public async Task Metrics_WithoutAToken_Are401()
    {
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(MetricsUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
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
