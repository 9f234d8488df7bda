using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Tests.Store;

public class CanonicalYamlTests
{
    [Fact]
    public void Serialize_WritesReadableDeterministicYaml()
    {
        var yaml = CanonicalYaml.Serialize(new GatewayConfig
        {
            Routes = [new() { Id = "a", Cluster = "c", Path = "/a", Order = 2 }],
            Clusters = [new() { Id = "c", Servers = [new() { Id = "s", Address = "http://s/", State = ServerState.Drain }] }],
        });

        Assert.Equal("""
            routes:
            - id: "a"
              cluster: "c"
              path: "/a"
              order: 2
            clusters:
            - id: "c"
              loadBalancing: "round-robin"
              servers:
              - id: "s"
                address: "http://s/"
                state: "drain"

            """.ReplaceLineEndings("\n"), yaml);
    }

    [Fact]
    public void Http3_RoundTripsByItsCanonicalName()
    {
        var yaml = CanonicalYaml.Serialize(new GatewayConfig { Listeners = [new() { Id = "web", Address = "127.0.0.1:8443", Protocols = ListenerProtocols.Http2 | ListenerProtocols.Http3 }] });

        Assert.Contains("- \"http3\"", yaml, StringComparison.Ordinal);
        Assert.True(CanonicalYaml.TryParse(yaml, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(ListenerProtocols.Http2 | ListenerProtocols.Http3, parsed!.Listeners.Single().Protocols);
    }

    [Fact]
    public void ParseThenSerialize_RoundTripsByteForByte_AndAgreesWithJson()
    {
        var yaml = CanonicalYaml.Serialize(StoreHarness.Sample);

        Assert.True(CanonicalYaml.TryParse(yaml, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(yaml, CanonicalYaml.Serialize(parsed!));
        Assert.Equal(CanonicalJson.Serialize(StoreHarness.Sample), CanonicalJson.Serialize(parsed!));
    }

    [Fact]
    public void FailureSettings_RoundTripByteForByte_AndAgreeWithJson()
    {
        var config = new GatewayConfig
        {
            Clusters =
            [
                new()
                {
                    Id = "c", LoadBalancing = "hdr(X-User)", HostHeader = "api.internal:8080", StickyCookie = "SRV", MaxQueue = 0, QueueTimeout = TimeSpan.FromSeconds(2),
                    Retry = new() { Count = 0, Redispatch = false, OnStatuses = [502, 503], NonIdempotent = true, BufferLimit = 0, Deadline = TimeSpan.FromSeconds(9) },
                    PassiveHealth = new() { Enabled = false, ConsecutiveFailures = 9, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(1), MaxEjectionTime = TimeSpan.FromSeconds(2) },
                    Servers = [new() { Id = "s", Address = "http://s/", MaxConnections = 7 }],
                },
            ],
        };

        var yaml = CanonicalYaml.Serialize(config);

        Assert.Contains("  retry:\n    count: 0\n    redispatch: false\n    onStatuses:\n    - 502\n    - 503\n", yaml, StringComparison.Ordinal);
        Assert.True(CanonicalYaml.TryParse(yaml, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(yaml, CanonicalYaml.Serialize(parsed!));
        Assert.Equal(CanonicalJson.Serialize(config), CanonicalJson.Serialize(parsed!));
    }

    [Fact]
    public void Serialize_TextOfSeveralLines_IsALiteralBlock()
    {
        var yaml = CanonicalYaml.Serialize(new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:8080", TarpitTimeout = TimeSpan.FromSeconds(5), Rules = "acl api path_beg /api\n\nhttp-request deny if !api # \"quoted\": yes" }],
            Maps = [new() { Id = "hosts", Entries = [new("b.example", "site"), new("a.example", "api")] }],
        });

        Assert.Equal("""
            listeners:
            - id: "web"
              address: "127.0.0.1:8080"
              protocols:
              - "http1"
              tarpitTimeout: "00:00:05"
              rules: |-
                acl api path_beg /api

                http-request deny if !api # "quoted": yes
            maps:
            - id: "hosts"
              entries:
              - key: "b.example"
                value: "site"
              - key: "a.example"
                value: "api"

            """.ReplaceLineEndings("\n"), yaml);
    }

    [Theory]
    [InlineData("  indented first line\nsecond")]
    [InlineData("trailing spaces on a line   \nnext")]
    [InlineData("tab\there\n\tand a tab first")]
    [InlineData("---\n...\n# not a comment\nkey: value\n- not a list")]
    [InlineData("quotes ' \" and \\ backslash\nünïcödé ✓")]
    [InlineData("blank lines\n\n\n\nbetween")]
    [InlineData("control \u0007 character\nnext")]
    [InlineData("single line")]
    public void Serialize_RulesText_RoundTripsByteForByte(string rules)
    {
        var config = new GatewayConfig
        {
            Routes = [new() { Id = "r", Cluster = "c", Path = "/", Rules = rules }],
            Clusters = [new() { Id = "c", Rules = rules }],
            Maps = [new() { Id = "m", Entries = [new(rules, rules), new("cr", "a\r\nb\rc")] }],
        };
        var yaml = CanonicalYaml.Serialize(config);

        Assert.True(CanonicalYaml.TryParse(yaml, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(rules, parsed!.Routes[0].Rules);
        Assert.Equal(config.Maps[0].Entries, parsed.Maps[0].Entries);
        Assert.Equal(yaml, CanonicalYaml.Serialize(parsed));
        Assert.Equal(CanonicalJson.Serialize(config), CanonicalJson.Serialize(parsed));
    }

    [Fact]
    public void TryParse_HandWrittenPlainScalars_AreUnderstood()
    {
        var yaml = """
            listeners:
              - id: web
                address: 127.0.0.1:8080
            routes:
              - id: all
                cluster: backend
                path: /{**catch-all}
                order: -1
            clusters:
              - id: backend
                servers:
                  - { id: s1, address: "http://10.0.0.1/" }
            """;

        Assert.True(CanonicalYaml.TryParse(yaml, out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(-1, parsed!.Routes[0].Order);
        Assert.Equal("127.0.0.1:8080", parsed.Listeners[0].Address);
    }

    [Theory]
    [InlineData("routes:\n  - id: a\n    cluster: c\n    colour: red\n", "$.routes[0].colour", "Unknown field 'colour'.")]
    [InlineData("routes: [ { id: a, cluster: c }\n", "$", "Malformed YAML at line")]
    [InlineData("routes: []\n---\nclusters: []\n", "$", "Expected one YAML document")]
    [InlineData("routes:\n  - id: a\n    cluster: c\n    order: soon\n", "$.routes[0].order", "wrong type")]
    public void TryParse_BadInput_ReportsPathAndReason(string yaml, string path, string message)
    {
        Assert.False(CanonicalYaml.TryParse(yaml, out _, out var errors));

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_ExportImportYaml_RoundTrips()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        var exported = harness.Store.ExportYaml();

        var imported = await harness.Store.ImportYamlAsync(1, exported, "alice", "yaml round trip");

        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors));
        Assert.Equal(exported, harness.Store.ExportYaml());
        Assert.True(harness.Store.Diff(1, 2)!.IsEmpty);
    }
}
