using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Gateway.ConfigSources;

namespace Gateway.Tests.ConfigSources;

public class ConfigurationSectionReaderTests
{
    private static IConfigurationSection Json(string json) =>
        new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))
            .Build()
            .GetSection("Gateway");

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Gateway:" + v.Key, v.Value)))
            .Build()
            .GetSection("Gateway");

    [Theory]
    [InlineData("http3", "http1")]
    [InlineData("h3", "http/1.1")]
    public void Read_Http3BesideHttp1_MapsBothFlags(string http3, string http1)
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(
            ("Listeners:web:Address", "127.0.0.1:8443"),
            ("Listeners:web:Protocols:0", http1),
            ("Listeners:web:Protocols:1", http3)));

        Assert.Empty(errors);
        Assert.Equal(ListenerProtocols.Http1 | ListenerProtocols.Http3, Assert.Single(config!.Listeners).Protocols);
    }

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
    public void Read_StickTable_TakesHaproxyNames()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(("StickTables:per_ip:Size", "1000"), ("StickTables:per_ip:Expire", "60s"), ("StickTables:per_ip:Store:0", "http_req_rate(10s)"), ("StickTables:per_key:Type", "string")));

        Assert.Empty(errors);
        Assert.Equal(new StickTableConfig { Id = "per_ip", Size = 1000, Expire = TimeSpan.FromMinutes(1), Store = ["http_req_rate(10s)"] }, config!.StickTables.Single(t => t.Id == "per_ip"));
        Assert.Equal(StickKeyType.Text, config.StickTables.Single(t => t.Id == "per_key").Type);
    }

    [Fact]
    public void Read_ActivityTimeoutInSeconds_Parses()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(("Clusters:c:ActivityTimeout", "2.5")));

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(2.5), config!.Clusters[0].ActivityTimeout);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("5", 5_000)]
    [InlineData("1m40s", 100_000)]
    [InlineData("00:01:40", 100_000)]
    public void Read_Durations_TheOneGrammar(string text, long milliseconds)
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(("Clusters:c:ActivityTimeout", text), ("Clusters:c:HealthCheck:Interval", text)));

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), config!.Clusters[0].ActivityTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), config.Clusters[0].HealthCheck!.Interval);
    }

    [Fact]
    public void Read_ErrorPages_KeyedByStatus()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(("Listeners:web:Address", "127.0.0.1:80"), ("Listeners:web:ErrorPages:403:Body", "<p>no</p>"), ("Listeners:web:ErrorPages:503:Body", "{}"), ("Listeners:web:ErrorPages:503:ContentType", "application/json")));

        Assert.Empty(errors);
        Assert.Equal([new ErrorPageConfig(403, "<p>no</p>"), new ErrorPageConfig(503, "{}", "application/json")], config!.Listeners[0].ErrorPages.OrderBy(p => p.Status));
    }

    [Theory]
    [InlineData("Routes:api:Clustr", "x", "routes[api].clustr", "Unknown setting 'Clustr'")]
    [InlineData("Listners:web:Address", "x", "listners", "Unknown setting 'Listners'")]
    [InlineData("RateLimits:r:Rate", "x", "rateLimits", "not supported yet")]
    [InlineData("StickTables:t:Size", "x", "stickTables[t].size", "is not a whole number")]
    [InlineData("StickTables:t:Type", "ipv9", "stickTables[t].type", "'ipv9' is not a stick-table type")]
    [InlineData("Acls:a:Criterion", "x", "acls", "Unknown setting 'Acls'; expected one of: Listeners, Routes, Clusters, Maps, Certificates, StickTables, Admin, Database, AccessLog, Telemetry, Node, Redis, Runtime.")]
    [InlineData("Listeners:web:TarpitTimeout", "later", "listeners[web].tarpitTimeout", "is not a duration")]
    [InlineData("Listeners:web:Rules:0:Line", "deny", "listeners[web].rules[0]", "Rules are a string, or an array of strings")]
    [InlineData("Clusters:c:Rules:first", "deny", "clusters[c].rules[first]", "Rules are a string, or an array of strings")]
    [InlineData("Maps:m:0:Key", "a", "maps[m].entries[#0].value", "An entry needs a Value")]
    [InlineData("Maps:m:0:Value", "a", "maps[m].entries[#0].key", "An entry needs a Key")]
    [InlineData("Maps:m", "a", "maps[m]", "A map holds entries, not a single value")]
    [InlineData("Routes:api:Order", "first", "routes[api].order", "'first' is not a whole number")]
    [InlineData("Clusters:c:ActivityTimeout", "soon", "clusters[c].activityTimeout", "is not a duration")]
    [InlineData("Clusters:c:MaxConnectionsPerServer", "1e3", "clusters[c].maxConnectionsPerServer", "is not a whole number")]
    [InlineData("Clusters:c:Servers:s:State", "down", "clusters[c].servers[s].state", "'down' is not a server state")]
    [InlineData("Clusters:c:Servers:s:State", "1", "clusters[c].servers[s].state", "'1' is not a server state")]
    [InlineData("Listeners:web:Protocols:0", "spdy", "listeners[web].protocols", "'spdy' is not a protocol")]
    [InlineData("Listeners:web:Mode", "udp", "listeners[web].mode", "'udp' is not a listener mode; use http or tcp.")]
    [InlineData("Listeners:web:IdleTimeout", "never", "listeners[web].idleTimeout", "is not a duration")]
    [InlineData("Clusters:c:SendProxy", "v3", "clusters[c].sendProxy", "'v3' is not a PROXY protocol version")]
    [InlineData("Clusters:c:ConnectTimeout", "fast", "clusters[c].connectTimeout", "is not a duration")]
    public void Read_BadSetting_ReportsPath(string key, string value, string path, string message)
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section((key, value)));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TcpModeSettings()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": {
              "Listeners": { "pg": { "Address": "127.0.0.1:5432", "Mode": "TCP", "DefaultCluster": "db", "IdleTimeout": "00:30:00" } },
              "Clusters": { "db": { "ConnectTimeout": "2", "SendProxy": "send-proxy-v2", "Servers": { "d1": { "Address": "tcp://10.0.0.2:5432" } } } }
            } }
            """));

        Assert.Empty(errors);
        var listener = Assert.Single(config!.Listeners);
        Assert.Equal((ListenerMode.Tcp, "db", TimeSpan.FromMinutes(30)), (listener.Mode, listener.DefaultCluster, listener.IdleTimeout!.Value));
        Assert.Equal((TimeSpan.FromSeconds(2), SendProxy.V2), (config.Clusters[0].ConnectTimeout!.Value, config.Clusters[0].SendProxy));
        Assert.Equal("tcp://10.0.0.2:5432", config.Clusters[0].Servers[0].Address);
    }

    [Fact]
    public void Read_RulesAndTarpitTimeout_AsStringOrLines()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": {
              "Listeners": { "web": { "Address": "127.0.0.1:8080", "TarpitTimeout": "2.5", "Rules": [ "acl api path_beg /api", "", "http-request deny if !api" ] } },
              "Routes": { "api": { "Path": "/api", "Cluster": "api", "Rules": "http-request set-header X-Route api\r\nhttp-response del-header Server\r\n" } },
              "Clusters": { "api": { "Rules": [ "http-request set-path /v2%[path]" ] } }
            } }
            """));

        Assert.Empty(errors);
        var listener = Assert.Single(config!.Listeners);
        Assert.Equal(TimeSpan.FromSeconds(2.5), listener.TarpitTimeout);
        Assert.Equal("acl api path_beg /api\n\nhttp-request deny if !api", listener.Rules);
        Assert.Equal("http-request set-header X-Route api\nhttp-response del-header Server", config.Routes[0].Rules);
        Assert.Equal("http-request set-path /v2%[path]", config.Clusters[0].Rules);
    }

    [Fact]
    public void Read_MapObjectForm_EntriesInKeyOrder()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": { "Maps": { "hosts": { "b.example": "site", "a.example": "api", "c.example": "" }, "empty": { } } } }
            """));

        Assert.Empty(errors);
        Assert.Equal(["empty", "hosts"], config!.Maps.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Empty(config.Maps.Single(m => m.Id == "empty").Entries);
        Assert.Equal([new("a.example", "api"), new("b.example", "site"), new("c.example", "")], config.Maps.Single(m => m.Id == "hosts").Entries);
    }

    [Fact]
    public void Read_MapArrayForm_KeepsOrderCaseAndColons()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": { "Maps": { "backends": [
              { "Key": "10.0.0.1:8080", "Value": "a" },
              { "Key": "/API", "Value": "b" },
              { "Key": "/api", "Value": "c" },
              { "Key": "/", "Value": "" }
            ] } } }
            """));

        Assert.Empty(errors);
        Assert.Equal([new("10.0.0.1:8080", "a"), new("/API", "b"), new("/api", "c"), new("/", "")], Assert.Single(config!.Maps).Entries);
    }

    [Fact]
    public void Read_MapArrayForm_KeepsOrderPastTenEntries()
    {
        var entries = string.Join(", ", Enumerable.Range(0, 12).Select(i => $$"""{ "Key": "k{{i}}", "Value": "v{{i}}" }"""));

        var (config, errors) = ConfigurationSectionReader.Read(Json($$"""{ "Gateway": { "Maps": { "m": [ {{entries}} ] } } }"""));

        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"k{i}"), Assert.Single(config!.Maps).Entries.Select(e => e.Key));
    }

    [Fact]
    public void Read_MapObjectFormKeyWithColon_SaysToUseTheArrayForm()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""{ "Gateway": { "Maps": { "m": { "10.0.0.1:80": "a" } } } }"""));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal("maps[m].entries[10.0.0.1]", error.Path);
        Assert.Contains("[ { \"Key\": …, \"Value\": … }, … ]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MapEntryUnknownSetting_ReportsItsPath()
    {
        var (_, errors) = ConfigurationSectionReader.Read(Section(("Maps:m:0:Key", "a"), ("Maps:m:0:Value", "b"), ("Maps:m:0:Weight", "1")));

        var error = Assert.Single(errors);
        Assert.Equal(("maps[m].entries[#0].weight", "Unknown setting 'Weight'; expected one of: Key, Value."), (error.Path, error.Message));
    }

    [Fact]
    public void Read_MapsAsAnArrayOfIdAndEntries_SaysMapsAreKeyedById()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""{ "Gateway": { "Maps": [ { "Id": "hosts", "Entries": [ { "Key": "a", "Value": "b" } ] } ] } }"""));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal("maps[0].entries[Entries]", error.Path);
        Assert.Contains("Maps are keyed by id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MapMixingForms_IsReported()
    {
        var (_, errors) = ConfigurationSectionReader.Read(Section(("Maps:m:a", "1"), ("Maps:m:0:Key", "b"), ("Maps:m:0:Value", "2")));

        Assert.Equal("maps[m]", Assert.Single(errors).Path);
    }

    [Fact]
    public void Read_SeveralBadSettings_ReportsAll()
    {
        var (_, errors) = ConfigurationSectionReader.Read(Section(("Routes:a:Order", "x"), ("Routes:b:Colour", "red"), ("Clusters:c:ActivityTimeout", "?")));

        Assert.Equal(3, errors.Count);
    }
}
