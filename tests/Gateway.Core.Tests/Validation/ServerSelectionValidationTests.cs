using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Validation;

/// <summary>Server weight and backup, and cluster health checks.</summary>
public class ServerSelectionValidationTests
{
    private static readonly ClusterConfig Cluster = new()
    {
        Id = "api",
        HealthCheck = new() { Path = "/health" },
        Servers = [new() { Id = "a1", Address = "http://10.0.0.1/", Weight = 256 }, new() { Id = "a2", Address = "http://10.0.0.2/", Weight = 0, Backup = true }],
    };

    private static GatewayConfig With(ClusterConfig cluster) => new() { Clusters = [cluster] };

    private static ClusterConfig WithCheck(Func<HealthCheckConfig, HealthCheckConfig> change) => Cluster with { HealthCheck = change(Cluster.HealthCheck!) };

    [Fact]
    public void Validate_WeightsAtTheBounds_AndADefaultHealthCheck_AreValid()
    {
        Assert.Empty(ConfigValidator.Validate(With(Cluster)));
        Assert.Empty(ConfigValidator.Validate(With(WithCheck(c => c with { Interval = HealthCheckConfig.MinInterval, Timeout = HealthCheckConfig.MinInterval, Rise = 100, Fall = 1 }))));
    }

    public static TheoryData<string, ClusterConfig, string, string> Invalid => new()
    {
        { "negative weight", Cluster with { Servers = [Cluster.Servers[0] with { Weight = -1 }] }, "clusters[api].servers[a1].weight", "The weight must be from 0 to 256; found -1." },
        { "weight over 256", Cluster with { Servers = [Cluster.Servers[0] with { Weight = 257 }] }, "clusters[api].servers[a1].weight", "The weight must be from 0 to 256; found 257." },
        { "relative path", WithCheck(c => c with { Path = "health" }), "clusters[api].healthCheck.path", "'health' is not a health-check path" },
        { "empty path", WithCheck(c => c with { Path = "" }), "clusters[api].healthCheck.path", "is not a health-check path" },
        { "path with query", WithCheck(c => c with { Path = "/health?full=1" }), "clusters[api].healthCheck.path", "without spaces, query or fragment" },
        { "network-path reference", WithCheck(c => c with { Path = "//evil.example/health" }), "clusters[api].healthCheck.path", "is not a health-check path" },
        { "zero interval", WithCheck(c => c with { Interval = TimeSpan.Zero }), "clusters[api].healthCheck.interval", "The interval must be from 100 ms to 1 hour" },
        { "interval too short", WithCheck(c => c with { Interval = TimeSpan.FromMilliseconds(99), Timeout = TimeSpan.FromMilliseconds(50) }), "clusters[api].healthCheck.interval", "from 100 ms" },
        { "interval over an hour", WithCheck(c => c with { Interval = TimeSpan.FromHours(2) }), "clusters[api].healthCheck.interval", "to 1 hour" },
        { "zero timeout", WithCheck(c => c with { Timeout = TimeSpan.Zero }), "clusters[api].healthCheck.timeout", "longer than zero" },
        { "timeout over interval", WithCheck(c => c with { Timeout = TimeSpan.FromSeconds(6) }), "clusters[api].healthCheck.timeout", "must not be longer than the interval" },
        { "zero rise", WithCheck(c => c with { Rise = 0 }), "clusters[api].healthCheck.rise", "rise must be from 1 to 100" },
        { "fall over 100", WithCheck(c => c with { Fall = 101 }), "clusters[api].healthCheck.fall", "fall must be from 1 to 100" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidField_ReportsItsPath(string because, ClusterConfig cluster, string path, string message)
    {
        var error = Assert.Single(ConfigValidator.Validate(With(cluster)));

        Assert.True(error.Path == path, $"{because}: {error.Path}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
