using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Core.Tests.Serialization;

public class CanonicalJsonTests
{
    private static readonly GatewayConfig Sample = new()
    {
        Listeners = [new() { Id = "web", Address = "127.0.0.1:8080" }, new() { Id = "h2", Address = "127.0.0.1:8081", Protocols = ListenerProtocols.Http2 }],
        Routes = [new() { Id = "b", Cluster = "api", Path = "/b", Hosts = ["x.example"], Methods = ["GET"], Listeners = ["web"], Order = 2 }, new() { Id = "a", Cluster = "api", Path = "/a" }],
        Clusters = [new() { Id = "api", LoadBalancing = "random", ActivityTimeout = TimeSpan.FromSeconds(100), MaxConnectionsPerServer = 4, Servers = [new() { Id = "z", Address = "http://z/" }, new() { Id = "m", Address = "http://m/", State = ServerState.Drain }] }],
    };

    [Fact]
    public void Serialize_IsIndependentOfEntityOrder()
    {
        var shuffled = Sample with { Listeners = [.. Sample.Listeners.Reverse()], Routes = [.. Sample.Routes.Reverse()] };

        Assert.Equal(CanonicalJson.Serialize(Sample), CanonicalJson.Serialize(shuffled));
    }

    [Fact]
    public void Serialize_WritesTheDocumentedShape()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig
        {
            Routes = [new() { Id = "a", Cluster = "c", Path = "/a" }],
            Clusters = [new() { Id = "c", Servers = [new() { Id = "s", Address = "http://s/" }] }],
        });

        Assert.Equal("""
            {
              "routes": [
                {
                  "id": "a",
                  "cluster": "c",
                  "path": "/a"
                }
              ],
              "clusters": [
                {
                  "id": "c",
                  "loadBalancing": "round-robin",
                  "servers": [
                    {
                      "id": "s",
                      "address": "http://s/"
                    }
                  ]
                }
              ]
            }

            """.ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void ParseThenSerialize_RoundTripsByteForByte()
    {
        var text = CanonicalJson.Serialize(Sample);

        Assert.True(CanonicalJson.TryParse(text, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(text, CanonicalJson.Serialize(parsed!));
        Assert.Equal(TimeSpan.FromSeconds(100), parsed!.Clusters[0].ActivityTimeout);
        Assert.Equal(ServerState.Drain, parsed.Clusters[0].Servers.Single(s => s.Id == "m").State);
        Assert.Equal(ListenerProtocols.Http2, parsed.Listeners.Single(l => l.Id == "h2").Protocols);
    }

    [Fact]
    public void Http3_RoundTripsAsItsCanonicalName()
    {
        var config = new GatewayConfig { Listeners = [new() { Id = "web", Address = "127.0.0.1:8443", Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http3 }] };

        var text = CanonicalJson.Serialize(config);

        Assert.Contains("\"http3\"", text, StringComparison.Ordinal);
        Assert.True(CanonicalJson.TryParse(text, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(ListenerProtocols.Http1 | ListenerProtocols.Http3, parsed!.Listeners[0].Protocols);
    }

    [Fact]
    public void TcpModeFields_AreWrittenOnlyWhenSet_AndRoundTrip()
    {
        var document = new GatewayConfig
        {
            Listeners = [new() { Id = "pg", Address = "127.0.0.1:5432", Mode = ListenerMode.Tcp, DefaultCluster = "db", IdleTimeout = TimeSpan.FromMinutes(30) }, new() { Id = "web", Address = "127.0.0.1:80" }],
            Clusters = [new() { Id = "db", ConnectTimeout = TimeSpan.FromSeconds(2), SendProxy = SendProxy.V2, Servers = [new() { Id = "d1", Address = "tcp://10.0.0.2:5432" }] }],
        };

        var json = CanonicalJson.Serialize(document);

        Assert.Contains("\"mode\": \"tcp\",\n      \"defaultCluster\": \"db\",\n      \"idleTimeout\": \"00:30:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"connectTimeout\": \"00:00:02\",\n      \"sendProxy\": \"v2\"", json, StringComparison.Ordinal);
        Assert.Equal(2, json.Split("\"mode\"").Length); // written for the tcp listener only
        Assert.True(CanonicalJson.TryParse(json, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(json, CanonicalJson.Serialize(parsed!));
        Assert.Equal((ListenerMode.Tcp, "db", TimeSpan.FromMinutes(30)), (parsed!.Listeners[0].Mode, parsed.Listeners[0].DefaultCluster, parsed.Listeners[0].IdleTimeout));
        Assert.Equal((ListenerMode.Http, (string?)null), (parsed.Listeners[1].Mode, parsed.Listeners[1].DefaultCluster));
        Assert.Equal((TimeSpan.FromSeconds(2), SendProxy.V2), (parsed.Clusters[0].ConnectTimeout!.Value, parsed.Clusters[0].SendProxy));
    }

    [Fact]
    public void Serialize_RulesMapsAndTarpit_WritesTheDocumentedShape()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:8080", TarpitTimeout = TimeSpan.FromSeconds(5), Rules = "acl api path_beg /api\nhttp-request deny if !api" }],
            Maps = [new() { Id = "z" }, new() { Id = "hosts", Entries = [new("b.example", "site"), new("a.example", "api")] }],
        });

        Assert.Equal("""
            {
              "listeners": [
                {
                  "id": "web",
                  "address": "127.0.0.1:8080",
                  "protocols": [
                    "http1"
                  ],
                  "tarpitTimeout": "00:00:05",
                  "rules": "acl api path_beg /api\nhttp-request deny if !api"
                }
              ],
              "maps": [
                {
                  "id": "hosts",
                  "entries": [
                    {
                      "key": "b.example",
                      "value": "site"
                    },
                    {
                      "key": "a.example",
                      "value": "api"
                    }
                  ]
                },
                {
                  "id": "z"
                }
              ]
            }

            """.ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void ParseThenSerialize_WithRulesMapsAndTarpit_RoundTripsByteForByte()
    {
        var config = Sample with
        {
            Listeners = [Sample.Listeners[0] with { Rules = "http-request deny if { src 10.0.0.0/8 }", TarpitTimeout = TimeSpan.FromMinutes(1) }, Sample.Listeners[1]],
            Routes = [Sample.Routes[0] with { Rules = "http-request set-header X-A \"a b\"\nhttp-response del-header Server" }, Sample.Routes[1]],
            Clusters = [Sample.Clusters[0] with { Rules = "http-request set-path /v2%[path]" }],
            Maps = [new() { Id = "paths", Entries = [new("/api/v2", "api2"), new("/api", "api"), new("/", "site")] }, new() { Id = "empty" }],
        };
        var text = CanonicalJson.Serialize(config);

        Assert.True(CanonicalJson.TryParse(text, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(text, CanonicalJson.Serialize(parsed!));
        Assert.Equal(["empty", "paths"], parsed!.Maps.Select(m => m.Id));
        Assert.Equal(config.Maps[0].Entries, parsed.Maps[1].Entries);
        Assert.Equal(TimeSpan.FromMinutes(1), parsed.Listeners.Single(l => l.Id == "web").TarpitTimeout);
        Assert.Equal(config.Routes[0].Rules, parsed.Routes.Single(r => r.Id == "b").Rules);
        Assert.Equal(config.Clusters[0].Rules, parsed.Clusters[0].Rules);
    }

    [Theory]
    [InlineData("deny\r\nallow\r\n", "deny\nallow")]
    [InlineData("deny\rallow", "deny\nallow")]
    [InlineData("  deny  \n\n  allow \t\n \n", "  deny  \n\n  allow")]
    [InlineData(" \r\n\t", null)]
    [InlineData("", null)]
    public void TryParse_RulesText_UnifiesLineEndsAndDropsTrailingWhitespace(string written, string? expected)
    {
        var json = $$"""{ "routes": [ { "id": "r", "cluster": "c", "rules": {{System.Text.Json.JsonSerializer.Serialize(written)}} } ] }""";

        Assert.True(CanonicalJson.TryParse(json, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(expected, parsed!.Routes[0].Rules);
        Assert.Equal(CanonicalJson.Serialize(parsed), CanonicalJson.Serialize(parsed with { Routes = [parsed.Routes[0] with { Rules = written }] }));
    }

    [Theory]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "port": 1 } ] }""", "$.listeners[0].port", "Unknown field 'port'.")]
    [InlineData("""{ "routes": [ { "id": "r" } ] }""", "$.routes[0]", "A required field is missing")]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "protocols": ["spdy"] } ] }""", "$.listeners[0].protocols", "'spdy' is not a protocol")]
    [InlineData("""{ "clusters": [ { "id": "c", "activityTimeout": "soon" } ] }""", "$.clusters[0].activityTimeout", "is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "c", "servers": [ { "id": "s", "address": "http://s/", "state": "up" } ] } ] }""", "$.clusters[0].servers[0].state", "'up' is not a server state")]
    [InlineData("""{ "routes": [ { "id": "r", "cluster": "c", "order": "first" } ] }""", "$.routes[0].order", "wrong type")]
    [InlineData("""{ "routes": [ { "id": null, "cluster": "c" } ] }""", "$.routes[0].id", "cannot be null")]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "tarpitTimeout": "5 seconds" } ] }""", "$.listeners[0].tarpitTimeout", "is not a duration")]
    [InlineData("""{ "routes": [ { "id": "r", "cluster": "c", "rules": [1] } ] }""", "$.routes[0].rules", "Rules are a string, or an array of strings")]
    [InlineData("""{ "maps": [ { "id": "m", "entries": [ { "key": "a", "value": "b", "weight": 1 } ] } ] }""", "$.maps[0].entries[0].weight", "Unknown field 'weight'.")]
    [InlineData("""{ "maps": [ { "id": "m", "entries": [ { "key": "a" } ] } ] }""", "$.maps[0].entries[0]", "A required field is missing")]
    [InlineData("""{ "maps": [ { "id": "m", "entries": [ { "key": "a", "value": null } ] } ] }""", "$.maps[0].entries[0].value", "cannot be null")]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "mode": "udp" } ] }""", "$.listeners[0].mode", "'udp' is not a listener mode; use http or tcp.")]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "idleTimeout": "an hour" } ] }""", "$.listeners[0].idleTimeout", "is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "c", "sendProxy": "v3" } ] }""", "$.clusters[0].sendProxy", "'v3' is not a PROXY protocol version")]
    [InlineData("""{ "clusters": [ { "id": "c", "sendProxy": true } ] }""", "$.clusters[0].sendProxy", "wrong type")]
    [InlineData("""{ "clusters": [ { "id": "c", "connectTimeout": "5 sec" } ] }""", "$.clusters[0].connectTimeout", "is not a duration")]
    [InlineData("null", "$", "The document is empty")]
    [InlineData("{ \"routes\": [", "$.routes[0]", "Malformed JSON")]
    public void TryParse_BadInput_ReportsPathAndReason(string json, string path, string message)
    {
        Assert.False(CanonicalJson.TryParse(json, out var config, out var errors));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_RulesText_IsReadable_OnlyJsonEscapesUsed()
    {
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:8080", Rules = "http-request deny if { hdr(x-q) -m sub \"a<b>&'c+\" }" }],
        };

        var json = CanonicalJson.Serialize(config);

        Assert.Contains("\"rules\": \"http-request deny if { hdr(x-q) -m sub \\\"a<b>&'c+\\\" }\"", json, StringComparison.Ordinal);
        Assert.True(CanonicalJson.TryParse(json, out var parsed, out _));
        Assert.Equal(config.Listeners[0].Rules, parsed!.Listeners[0].Rules);
    }
}
