using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Core.Tests.StickTables;

/// <summary>A change preview says when a stick table starts empty, and the canonical JSON keeps tables as written.</summary>
public class StickTableChangesTests
{
    private static readonly StickTableConfig PerIp = new() { Id = "per_ip", Size = 100_000, Expire = TimeSpan.FromSeconds(60), Store = ["http_req_rate(10s)", "conn_cur"] };

    [Theory]
    [InlineData("size", false)]
    [InlineData("store", true)]
    [InlineData("type", true)]
    [InlineData("shared", true)]
    public void Changes_NoteATableThatStartsEmpty_OnlyForTypeOrStore(string field, bool resets)
    {
        var after = field switch
        {
            "size" => PerIp with { Size = 10 },
            "store" => PerIp with { Store = ["http_req_rate(10s)"] },
            "shared" => PerIp with { Shared = true },
            _ => PerIp with { Type = StickKeyType.Text },
        };
        var change = Assert.Single(DocumentChanges.Between(new GatewayConfig { StickTables = [PerIp] }, new GatewayConfig { StickTables = [after] }));
        Assert.Equal("stickTables", change.Collection);
        Assert.Equal(resets ? DocumentChanges.StickTableResetNote : null, change.Note);
    }

    [Fact]
    public void CanonicalJson_WritesHaproxyTimes_AndReadsThemBack()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig { StickTables = [PerIp, new() { Id = "per_key", Type = StickKeyType.Text, Store = ["http_req_cnt"] }] });
        Assert.Contains("\"expire\": \"1m\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"string\"", json, StringComparison.Ordinal);
        Assert.True(CanonicalJson.TryParse(json, out var config, out var errors), string.Join("; ", errors));
        Assert.Equal(PerIp, config!.StickTables.Single(t => t.Id == "per_ip"));
        Assert.Equal(json, CanonicalJson.Serialize(config));
    }

    [Theory]
    [InlineData("""{ "stickTables": [ { "id": "t", "type": "ipv9" } ] }""", "$.stickTables[0].type", "'ipv9' is not a stick-table type")]
    [InlineData("""{ "stickTables": [ { "id": "t", "expire": "soon" } ] }""", "$.stickTables[0].expire", "'soon' is not a duration")]
    public void CanonicalJson_BadTable_SaysWhereAndWhy(string json, string path, string message)
    {
        Assert.False(CanonicalJson.TryParse(json, out _, out var errors));
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
