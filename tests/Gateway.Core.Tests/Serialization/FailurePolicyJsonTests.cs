using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Core.Tests.Serialization;

/// <summary>The cluster's Host header, retry, passive-health, stickiness and queue settings, and the server's limit, in the canonical document.</summary>
public class FailurePolicyJsonTests
{
    private static readonly ClusterConfig Plain = new() { Id = "api", Servers = [new() { Id = "a", Address = "http://a/" }] };

    private static readonly ClusterConfig EverySetting = Plain with
    {
        LoadBalancing = "hdr(X-User)",
        HostHeader = "server",
        Retry = new() { Count = 2, Redispatch = false, OnStatuses = [502, 503], NonIdempotent = true, BufferLimit = 1024, Deadline = TimeSpan.FromSeconds(30) },
        PassiveHealth = new() { Enabled = false, ConsecutiveFailures = 5, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(20), MaxEjectionTime = TimeSpan.FromMinutes(10) },
        StickyCookie = "SRV",
        MaxQueue = 0,
        QueueTimeout = TimeSpan.FromSeconds(2),
        Servers = [new() { Id = "a", Address = "http://a/", MaxConnections = 50 }],
    };

    [Fact]
    public void Defaults_AreLeftOut_SoEarlierDocumentsKeepTheirBytes()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig { Clusters = [Plain with { Retry = new RetryConfig(), PassiveHealth = new PassiveHealthConfig() }] });

        Assert.Equal("""
            {
              "clusters": [
                {
                  "id": "api",
                  "loadBalancing": "round-robin",
                  "servers": [
                    {
                      "id": "a",
                      "address": "http://a/"
                    }
                  ]
                }
              ]
            }

            """.ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void EverySetting_IsWrittenInTheDocumentedShape_AndRoundTrips()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig { Clusters = [EverySetting] });

        Assert.Contains("""
                  "servers": [
                    {
                      "id": "a",
                      "address": "http://a/",
                      "maxConnections": 50
                    }
                  ],
            """.ReplaceLineEndings("\n"), json, StringComparison.Ordinal);
        Assert.EndsWith("""
                  "hostHeader": "server",
                  "retry": {
                    "count": 2,
                    "redispatch": false,
                    "onStatuses": [
                      502,
                      503
                    ],
                    "nonIdempotent": true,
                    "bufferLimit": 1024,
                    "deadline": "00:00:30"
                  },
                  "passiveHealth": {
                    "enabled": false,
                    "consecutiveFailures": 5,
                    "countServerErrors": true,
                    "ejectionTime": "00:00:20",
                    "maxEjectionTime": "00:10:00"
                  },
                  "stickyCookie": "SRV",
                  "maxQueue": 0,
                  "queueTimeout": "00:00:02"
                }
              ]
            }

            """.ReplaceLineEndings("\n"), json, StringComparison.Ordinal);
        Assert.True(CanonicalJson.TryParse(json, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(EverySetting with { Servers = [] }, parsed!.Clusters[0] with { Servers = [] });
        Assert.Equal(EverySetting.Servers[0], parsed.Clusters[0].Servers[0]);
        Assert.Equal(json, CanonicalJson.Serialize(parsed));
    }

    [Fact]
    public void OneFieldOffItsDefault_IsTheOnlyOneWritten()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig { Clusters = [Plain with { Retry = new() { Count = 0 }, PassiveHealth = new() { CountServerErrors = true } }] });

        Assert.Contains("\"retry\": {\n        \"count\": 0\n      },\n      \"passiveHealth\": {\n        \"countServerErrors\": true\n      }", json, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialSettings_TakeTheDefaultsForWhatIsLeftOut()
    {
        const string json = """{ "clusters": [ { "id": "api", "retry": { "onStatuses": [503] }, "passiveHealth": { "ejectionTime": "00:00:01" } } ] }""";

        Assert.True(CanonicalJson.TryParse(json, out var parsed, out var errors), string.Join("; ", errors));
        var cluster = parsed!.Clusters[0];
        Assert.Equal(new RetryConfig { OnStatuses = [503] }, cluster.Retry);
        Assert.Equal(new PassiveHealthConfig { EjectionTime = TimeSpan.FromSeconds(1) }, cluster.PassiveHealth);
        Assert.Equal((HostHeaderModes.Client, (string?)null, (int?)null, (TimeSpan?)null), (cluster.HostHeader, cluster.StickyCookie, cluster.MaxQueue, cluster.QueueTimeout));
    }

    [Theory]
    [InlineData("""{ "clusters": [ { "id": "api", "retry": { "deadline": "30 seconds" } } ] }""", "$.clusters[0].retry.deadline", "'30 seconds' is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "api", "passiveHealth": { "maxEjectionTime": "soon" } } ] }""", "$.clusters[0].passiveHealth.maxEjectionTime", "'soon' is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "api", "queueTimeout": "soon" } ] }""", "$.clusters[0].queueTimeout", "'soon' is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "api", "retry": { "tries": 3 } } ] }""", "$.clusters[0].retry.tries", "Unknown field 'tries'.")]
    [InlineData("""{ "clusters": [ { "id": "api", "retry": { "onStatuses": "503" } } ] }""", "$.clusters[0].retry.onStatuses", "Malformed JSON or a value of the wrong type")]
    public void UnreadableValues_AreErrorsAtTheirPaths(string json, string path, string message)
    {
        Assert.False(CanonicalJson.TryParse(json, out _, out var errors));

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
