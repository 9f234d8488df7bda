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

    [Theory]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "port": 1 } ] }""", "$.listeners[0].port", "Unknown field 'port'.")]
    [InlineData("""{ "routes": [ { "id": "r" } ] }""", "$.routes[0]", "A required field is missing")]
    [InlineData("""{ "listeners": [ { "id": "w", "address": "x", "protocols": ["http3"] } ] }""", "$.listeners[0].protocols", "'http3' is not a protocol")]
    [InlineData("""{ "clusters": [ { "id": "c", "activityTimeout": "100" } ] }""", "$.clusters[0].activityTimeout", "is not a duration")]
    [InlineData("""{ "clusters": [ { "id": "c", "servers": [ { "id": "s", "address": "http://s/", "state": "up" } ] } ] }""", "$.clusters[0].servers[0].state", "'up' is not a server state")]
    [InlineData("""{ "routes": [ { "id": "r", "cluster": "c", "order": "first" } ] }""", "$.routes[0].order", "wrong type")]
    [InlineData("""{ "routes": [ { "id": null, "cluster": "c" } ] }""", "$.routes[0].id", "cannot be null")]
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
}
