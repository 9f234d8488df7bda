using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Gateway.ConfigSources;

namespace Gateway.Tests.ConfigSources;

/// <summary>Weight, backup and health checks read from appsettings.</summary>
public class ServerSelectionSectionTests
{
    private static IConfigurationSection Json(string json) =>
        new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))
            .Build()
            .GetSection("Gateway");

    [Fact]
    public void Read_WeightBackupAndHealthCheck_MapToTheModel()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": { "Clusters": { "api": {
                "HealthCheck": { "Path": "/healthz", "Interval": 10, "Timeout": "00:00:01.5", "Rise": 1, "Fall": 4 },
                "Servers": {
                  "a": { "Address": "http://10.0.0.1/", "Weight": 3 },
                  "b": { "Address": "http://10.0.0.2/", "Backup": true }
                } },
              "plain": { "Servers": { "s": { "Address": "http://10.0.0.3/" } } } } } }
            """));

        Assert.Empty(errors);
        var api = config!.Clusters.Single(c => c.Id == "api");
        Assert.Equal(new HealthCheckConfig { Path = "/healthz", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(1.5), Rise = 1, Fall = 4 }, api.HealthCheck);
        Assert.Equal([("a", 3, false), ("b", 1, true)], api.Servers.Select(s => (s.Id, s.Weight, s.Backup)).OrderBy(s => s.Id));
        var plain = config.Clusters.Single(c => c.Id == "plain");
        Assert.Null(plain.HealthCheck);
        Assert.Equal((1, false), (plain.Servers[0].Weight, plain.Servers[0].Backup));
    }

    [Fact]
    public void Read_HealthCheckWithOnlyAPath_TakesTheDefaults()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""{ "Gateway": { "Clusters": { "api": { "HealthCheck": { "Path": "/health" } } } } }"""));

        Assert.Empty(errors);
        Assert.Equal(new HealthCheckConfig { Path = "/health", Interval = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(2), Rise = 2, Fall = 3 }, config!.Clusters[0].HealthCheck);
    }

    [Theory]
    [InlineData("""{ "Servers": { "s": { "Address": "http://s/", "Weight": "heavy" } } }""", "clusters[api].servers[s].weight", "'heavy' is not a whole number.")]
    [InlineData("""{ "Servers": { "s": { "Address": "http://s/", "Backup": "maybe" } } }""", "clusters[api].servers[s].backup", "'maybe' is not true or false.")]
    [InlineData("""{ "HealthCheck": { "Path": "/h", "Inter": 5 } }""", "clusters[api].healthCheck.inter", "Unknown setting 'Inter'")]
    [InlineData("""{ "HealthCheck": { "Path": "/h", "Interval": "often" } }""", "clusters[api].healthCheck.interval", "is not a duration")]
    [InlineData("""{ "HealthCheck": "/health" }""", "clusters[api].healthCheck", "A health check is an object")]
    public void Read_BadValue_ReportsItsPath(string cluster, string path, string message)
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json($$"""{ "Gateway": { "Clusters": { "api": {{cluster}} } } }"""));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HealthCheckWithoutPath_IsAConnectCheck_ForTcpServersOnly()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""{ "Gateway": { "Clusters": { "db": { "HealthCheck": { "Interval": 5 }, "Servers": { "s": { "Address": "tcp://10.0.0.1:5432" } } } } } }"""));

        Assert.Empty(errors);
        Assert.Equal(new HealthCheckConfig { Interval = TimeSpan.FromSeconds(5) }, config!.Clusters[0].HealthCheck);
    }
}
