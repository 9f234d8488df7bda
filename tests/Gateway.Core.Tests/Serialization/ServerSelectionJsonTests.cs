using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Serialization;

/// <summary>Weight, backup and health checks in the canonical document.</summary>
public class ServerSelectionJsonTests
{
    private static readonly GatewayConfig Document = new()
    {
        Clusters =
        [
            new()
            {
                Id = "api",
                HealthCheck = new() { Path = "/healthz", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMilliseconds(500), Rise = 1, Fall = 5 },
                Servers = [new() { Id = "a", Address = "http://a/", Weight = 3 }, new() { Id = "b", Address = "http://b/", Weight = 0, Backup = true, State = ServerState.Drain }],
            },
            new() { Id = "site", HealthCheck = new() { Path = "/" }, Servers = [new() { Id = "s", Address = "http://s/" }] },
        ],
    };

    [Fact]
    public void Serialize_WritesOnlyWhatDiffersFromTheDefaults()
    {
        Assert.Equal("""
            {
              "clusters": [
                {
                  "id": "api",
                  "loadBalancing": "round-robin",
                  "healthCheck": {
                    "path": "/healthz",
                    "interval": "00:00:10",
                    "timeout": "00:00:00.5000000",
                    "rise": 1,
                    "fall": 5
                  },
                  "servers": [
                    {
                      "id": "a",
                      "address": "http://a/",
                      "weight": 3
                    },
                    {
                      "id": "b",
                      "address": "http://b/",
                      "state": "drain",
                      "weight": 0,
                      "backup": true
                    }
                  ]
                },
                {
                  "id": "site",
                  "loadBalancing": "round-robin",
                  "healthCheck": {
                    "path": "/"
                  },
                  "servers": [
                    {
                      "id": "s",
                      "address": "http://s/"
                    }
                  ]
                }
              ]
            }

            """.ReplaceLineEndings("\n"), CanonicalJson.Serialize(Document));
    }

    [Fact]
    public void ParseThenSerialize_RoundTripsByteForByte_AndKeepsEveryField()
    {
        var text = CanonicalJson.Serialize(Document);

        Assert.True(CanonicalJson.TryParse(text, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(text, CanonicalJson.Serialize(parsed!));
        Assert.Equal(Document.Clusters[0].HealthCheck, parsed!.Clusters[0].HealthCheck);
        Assert.Equal(new HealthCheckConfig { Path = "/" }, parsed.Clusters[1].HealthCheck);
        Assert.Equal([(3, false), (0, true)], parsed.Clusters[0].Servers.Select(s => (s.Weight, s.Backup)));
        Assert.Equal((1, false), (parsed.Clusters[1].Servers[0].Weight, parsed.Clusters[1].Servers[0].Backup));
    }

    [Theory]
    [InlineData("""{ "clusters": [ { "id": "c", "healthCheck": { "path": "/h", "interval": "often" } } ] }""", "$.clusters[0].healthCheck.interval", "is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "c", "healthCheck": { "path": "/h", "expect": 200 } } ] }""", "$.clusters[0].healthCheck.expect", "Unknown field 'expect'.")]
    [InlineData("""{ "clusters": [ { "id": "c", "servers": [ { "id": "s", "address": "http://s/", "weight": "heavy" } ] } ] }""", "$.clusters[0].servers[0].weight", "wrong type")]
    [InlineData("""{ "clusters": [ { "id": "c", "servers": [ { "id": "s", "address": "http://s/", "backup": "yes" } ] } ] }""", "$.clusters[0].servers[0].backup", "wrong type")]
    public void TryParse_BadInput_ReportsPathAndReason(string json, string path, string message)
    {
        Assert.False(CanonicalJson.TryParse(json, out var config, out var errors));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_health_check_without_path_parses_as_a_connect_check_that_only_tcp_clusters_may_have()
    {
        const string tcp = """{ "clusters": [ { "id": "db", "healthCheck": { "interval": "00:00:02" }, "servers": [ { "id": "s", "address": "tcp://10.0.0.1:5432" } ] } ] }""";
        const string http = """{ "clusters": [ { "id": "c", "healthCheck": {}, "servers": [ { "id": "s", "address": "http://s/" } ] } ] }""";

        Assert.True(CanonicalJson.TryParse(tcp, out var tcpConfig, out var tcpErrors), string.Join("; ", tcpErrors));
        Assert.True(CanonicalJson.TryParse(http, out var httpConfig, out _));

        Assert.Equal(new HealthCheckConfig { Interval = TimeSpan.FromSeconds(2) }, tcpConfig!.Clusters[0].HealthCheck);
        Assert.Contains("\"healthCheck\": {\n        \"interval\": \"00:00:02\"\n      }", CanonicalJson.Serialize(tcpConfig).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Empty(ConfigValidator.Validate(tcpConfig));
        var error = Assert.Single(ConfigValidator.Validate(httpConfig!));
        Assert.Equal("clusters[c].healthCheck.path", error.Path);
    }
}
