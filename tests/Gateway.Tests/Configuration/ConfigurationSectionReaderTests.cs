using Gateway.Configuration;
using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public class ConfigurationSectionReaderTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Gateway:" + v.Key, v.Value)))
            .Build()
            .GetSection("Gateway");

    [Fact]
    public void Read_FullDocument_MapsEveryField()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(
            ("Admin:Url", "http://127.0.0.1:9090"),
            ("Listeners:web:Address", "127.0.0.1:8080"),
            ("Listeners:h2:Address", "127.0.0.1:8081"),
            ("Listeners:h2:Protocols:0", "http2"),
            ("Routes:api:Path", "/api/{**rest}"),
            ("Routes:api:Hosts:0", "example.com"),
            ("Routes:api:Methods", "GET, POST"),
            ("Routes:api:Listeners:0", "web"),
            ("Routes:api:Order", "-5"),
            ("Routes:api:Cluster", "api"),
            ("Clusters:api:LoadBalancing", "random"),
            ("Clusters:api:ActivityTimeout", "00:00:30"),
            ("Clusters:api:MaxConnectionsPerServer", "10"),
            ("Clusters:api:Servers:s1:Address", "http://10.0.0.1/"),
            ("Clusters:api:Servers:s2:Address", "http://10.0.0.2/"),
            ("Clusters:api:Servers:s2:State", "Drain")));

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal(["h2", "web"], config.Listeners.Select(l => l.Id).Order());
        Assert.Equal(ListenerProtocols.Http2, config.Listeners.Single(l => l.Id == "h2").Protocols);
        Assert.Equal(ListenerProtocols.Http1, config.Listeners.Single(l => l.Id == "web").Protocols);
        var route = Assert.Single(config.Routes);
        Assert.Equal(("api", "/api/{**rest}", "api", -5), (route.Id, route.Path, route.Cluster, route.Order!.Value));
        Assert.Equal(["example.com"], route.Hosts);
        Assert.Equal(["GET", "POST"], route.Methods);
        Assert.Equal(["web"], route.Listeners);
        var cluster = Assert.Single(config.Clusters);
        Assert.Equal(("random", TimeSpan.FromSeconds(30), 10), (cluster.LoadBalancing, cluster.ActivityTimeout!.Value, cluster.MaxConnectionsPerServer!.Value));
        Assert.Equal(ServerState.Drain, cluster.Servers.Single(s => s.Id == "s2").State);
    }

    [Fact]
    public void Read_ActivityTimeoutInSeconds_Parses()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(("Clusters:c:ActivityTimeout", "2.5")));

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(2.5), config!.Clusters[0].ActivityTimeout);
    }

    [Theory]
    [InlineData("Routes:api:Clustr", "x", "routes[api].clustr", "Unknown setting 'Clustr'")]
    [InlineData("Listners:web:Address", "x", "listners", "Unknown setting 'Listners'")]
    [InlineData("Acls:a:Criterion", "x", "acls", "not supported yet")]
    [InlineData("Routes:api:Order", "first", "routes[api].order", "'first' is not a whole number")]
    [InlineData("Clusters:c:ActivityTimeout", "soon", "clusters[c].activityTimeout", "is not a duration")]
    [InlineData("Clusters:c:MaxConnectionsPerServer", "1e3", "clusters[c].maxConnectionsPerServer", "is not a whole number")]
    [InlineData("Clusters:c:Servers:s:State", "down", "clusters[c].servers[s].state", "'down' is not a server state")]
    [InlineData("Clusters:c:Servers:s:State", "1", "clusters[c].servers[s].state", "'1' is not a server state")]
    [InlineData("Listeners:web:Protocols:0", "http3", "listeners[web].protocols", "'http3' is not a protocol")]
    public void Read_BadSetting_ReportsPath(string key, string value, string path, string message)
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section((key, value)));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralBadSettings_ReportsAll()
    {
        var (_, errors) = ConfigurationSectionReader.Read(Section(("Routes:a:Order", "x"), ("Routes:b:Colour", "red"), ("Clusters:c:ActivityTimeout", "?")));

        Assert.Equal(3, errors.Count);
    }
}
