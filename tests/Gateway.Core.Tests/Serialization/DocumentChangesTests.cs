using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Core.Tests.Serialization;

public class DocumentChangesTests
{
    private static readonly GatewayConfig Before = new()
    {
        Listeners = [new() { Id = "web", Address = "127.0.0.1:8080" }],
        Routes = [new() { Id = "api", Cluster = "api", Path = "/api", Rules = "http-request deny" }],
        Clusters = [new() { Id = "api" }],
        Maps = [new() { Id = "hosts", Entries = [new("a.example", "api"), new("b.example", "site")] }, new() { Id = "old" }],
    };

    [Fact]
    public void Between_Maps_AreACollectionLikeTheOthers()
    {
        var after = Before with
        {
            Maps = [new() { Id = "hosts", Entries = [new("b.example", "site"), new("a.example", "api")] }, new() { Id = "new", Entries = [new("k", "v")] }],
        };

        var changes = DocumentChanges.Between(Before, after);

        Assert.Equal(
            [("maps", "hosts", ChangeKind.Changed), ("maps", "new", ChangeKind.Added), ("maps", "old", ChangeKind.Removed)],
            changes.Select(c => (c.Collection, c.Id, c.Kind)));
        Assert.Equal(["entries"], changes[0].Fields);
        Assert.Equal("b.example", changes[0].After!["entries"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("k", changes[1].After!["entries"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("old", changes[2].Before!["id"]!.GetValue<string>());
        Assert.Contains("maps", DocumentChanges.Collections);
    }

    [Fact]
    public void Between_RulesAndTarpit_AreFields()
    {
        var after = Before with
        {
            Listeners = [Before.Listeners[0] with { TarpitTimeout = TimeSpan.FromSeconds(10) }],
            Routes = [Before.Routes[0] with { Rules = "http-request deny\nhttp-request allow" }],
            Clusters = [Before.Clusters[0] with { Rules = "http-request allow" }],
        };

        var changes = DocumentChanges.Between(Before, after);

        Assert.Equal(
            [("listeners", "tarpitTimeout"), ("routes", "rules"), ("clusters", "rules")],
            changes.Select(c => (c.Collection, Assert.Single(c.Fields))));
    }

    [Fact]
    public void Between_RulesDifferingOnlyInLineEnds_IsNoChange()
    {
        var after = Before with { Routes = [Before.Routes[0] with { Rules = "http-request deny\r\n" }] };

        Assert.Empty(DocumentChanges.Between(Before, after));
    }
}
