using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Validation;

/// <summary>Concurrency limits of routes and clusters: their bounds, each reported with its path, and their JSON.</summary>
public class ConcurrencyLimitValidationTests
{
    private static GatewayConfig Document(ConcurrencyLimitConfig? route, ConcurrencyLimitConfig? cluster) => new()
    {
        Listeners = [new() { Id = "web", Address = "127.0.0.1:8080" }],
        Routes = [new() { Id = "api", Cluster = "c", Path = "/{**rest}", Concurrency = route }],
        Clusters = [new() { Id = "c", Servers = [new() { Id = "s", Address = "http://127.0.0.1:9000/" }], Concurrency = cluster }],
    };

    [Fact]
    public void GoodLimits_AreValid_AndSurviveTheCanonicalJson()
    {
        var config = Document(new() { MaxRequests = 100, MaxQueue = 50, QueueTimeout = TimeSpan.FromSeconds(2) }, new() { MaxRequests = 1 });
        Assert.Empty(ConfigValidator.Validate(config));
        var json = CanonicalJson.Serialize(config);
        Assert.Contains("\"concurrency\":{\"maxRequests\":100,\"maxQueue\":50,\"queueTimeout\":\"00:00:02\"}", json.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(CanonicalJson.TryParse(json, out var read, out var errors), string.Join("; ", errors));
        Assert.Equal(config.Routes[0].Concurrency, read!.Routes[0].Concurrency);
        Assert.Equal(config.Clusters[0].Concurrency, read.Clusters[0].Concurrency);
    }

    [Fact]
    public void BadLimits_AreReportedAtTheirPaths()
    {
        var errors = ConfigValidator.Validate(Document(
            new() { MaxRequests = 0, MaxQueue = -1, QueueTimeout = TimeSpan.Zero },
            new() { MaxRequests = -3 }));

        Assert.Equal(
            ["clusters[c].concurrency.maxRequests", "routes[api].concurrency.maxQueue", "routes[api].concurrency.maxRequests", "routes[api].concurrency.queueTimeout"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnUnreadableTimeoutInJson_IsAnErrorWithItsPath()
    {
        const string json = """{"clusters":[{"id":"c","concurrency":{"maxRequests":2,"queueTimeout":"soon"}}]}""";
        Assert.False(CanonicalJson.TryParse(json, out _, out var errors));
        Assert.Contains(errors, e => e.Path == "$.clusters[0].concurrency.queueTimeout");
    }
}
