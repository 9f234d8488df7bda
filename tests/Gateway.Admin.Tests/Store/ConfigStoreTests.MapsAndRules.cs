using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Tests.Store;

public partial class ConfigStoreTests
{
    [Fact]
    public async Task Commit_Maps_CreateUpdateDelete_KeepTablesDiffAndRewindInStep()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        var paths = new MapConfig { Id = "paths", Entries = [new("/api/v2", "api2"), new("/api", "api"), new("/", "site")] };
        var hosts = StoreHarness.Sample.Maps[0] with { Entries = [new("api.example.com", "api"), new("www.example.com", "www")] };

        var created = await harness.Store.CommitAsync(first, [ConfigOperation.Create(paths), ConfigOperation.Update(hosts)], "alice", "maps");
        var refused = await harness.Store.CommitAsync(created.Revision, [ConfigOperation.Delete(EntityKind.Map, "hosts")], "alice", "drop hosts");
        Assert.Contains(refused.Errors, e => e.Path == "routes[orders].rules" && e.Message.Contains("no map 'hosts'", StringComparison.Ordinal) && e.Line == 1);

        var orders = StoreHarness.Sample.Routes.Single(r => r.Id == "orders") with { Rules = null };
        var deleted = await harness.Store.CommitAsync(created.Revision, [ConfigOperation.Delete(EntityKind.Map, "hosts"), ConfigOperation.Update(orders)], "alice", "drop hosts");

        Assert.True(created.Succeeded && deleted.Succeeded, string.Join("; ", created.Errors.Concat(deleted.Errors)));
        Assert.Equal(paths.Entries, harness.Store.Read(created.Revision)!.Document.Maps.Single(m => m.Id == "paths").Entries);
        var revision = harness.Store.Get(created.Revision)!;
        Assert.Equal("1 added, 1 changed", revision.Info.Summary);
        Assert.Equal(["entries"], Assert.Single(revision.Changes, c => c.Id == "hosts").Fields);
        Assert.Equal(ChangeKind.Added, Assert.Single(revision.Changes, c => c.Id == "paths").Kind);
        Assert.Equal(
            [("maps", "hosts", ChangeKind.Removed), ("maps", "paths", ChangeKind.Added), ("routes", "orders", ChangeKind.Changed)],
            harness.Store.Diff(first, deleted.Revision)!.Changes.Select(c => (c.Collection, c.Id, c.Kind)).Order());
        Assert.Equal(CanonicalJson.Serialize(harness.Store.Read().Document), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
        Assert.Equal(0L, Count(harness, "SELECT COUNT(*) FROM map_entries WHERE map_id = 'hosts';"));

        var rewound = await harness.Store.RewindAsync(first, "bob", "undo");

        Assert.True(harness.Store.Diff(first, rewound.Revision)!.IsEmpty);
        Assert.Equal(CanonicalJson.Serialize(StoreHarness.Sample), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
        Assert.Equal(StoreHarness.Sample.Maps[0].Entries, harness.Live.Config.Maps.Single().Entries);
    }

    [Fact]
    public async Task Commit_MapEntriesReordered_IsAChange_AndKeepsTheNewOrder()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        var hosts = StoreHarness.Sample.Maps[0];

        var result = await harness.Store.CommitAsync(first, [ConfigOperation.Update(hosts with { Entries = [.. hosts.Entries.Reverse()] })], "alice", "reorder");

        Assert.Equal(["entries"], Assert.Single(harness.Store.Get(result.Revision)!.Changes).Fields);
        Assert.Equal(hosts.Entries.Reverse(), harness.Store.ReadEntityTables().Maps.Single().Entries);
    }

    [Fact]
    public async Task Commit_MapWithRepeatedKey_IsInvalid_AndWritesNothing()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();

        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Create(new MapConfig { Id = "m", Entries = [new("a", "1"), new("a", "2")] }), ConfigOperation.Create(new MapConfig { Id = "HOSTS" })],
            "alice", "bad maps");

        Assert.Equal(CommitStatus.Invalid, result.Status);
        Assert.Equal(["maps[HOSTS].id"], result.Errors.Select(e => e.Path));
        var repeated = await harness.Store.CommitAsync(first, [ConfigOperation.Create(new MapConfig { Id = "m", Entries = [new("a", "1"), new("a", "2")] })], "alice", "bad map");
        Assert.Equal(["maps[m].entries[#1].key"], repeated.Errors.Select(e => e.Path));
        Assert.Single(harness.Store.History());
    }

    [Fact]
    public async Task Commit_RulesText_IsStoredAsCanonicalText_DiffedByField_AndRewound()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        var route = StoreHarness.Sample.Routes[1];

        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Update(route with { Rules = "http-request deny if { src 10.0.0.0/8 }\r\nhttp-response set-header X-Via gateway\r\n\r\n" }),
             ConfigOperation.Update(StoreHarness.Sample.Listeners[0] with { Rules = null, TarpitTimeout = TimeSpan.FromSeconds(30) })],
            "alice", "rules");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        const string Stored = "http-request deny if { src 10.0.0.0/8 }\nhttp-response set-header X-Via gateway";
        Assert.Equal(Stored, harness.Live.Config.Routes.Single(r => r.Id == route.Id).Rules);
        Assert.Equal(Stored, harness.Store.ReadEntityTables().Routes.Single(r => r.Id == route.Id).Rules);
        var changes = harness.Store.Diff(first, result.Revision)!.Changes;
        Assert.Equal(["rules"], Assert.Single(changes, c => c.Id == route.Id).Fields);
        Assert.Equal(["rules", "tarpitTimeout"], Assert.Single(changes, c => c.Id == "web").Fields.Order(StringComparer.Ordinal));
        Assert.Equal(Stored, Assert.Single(harness.Store.Get(result.Revision)!.Changes, c => c.Id == route.Id).After!["rules"]!.GetValue<string>());

        // A restart reads the same document that went live.
        using (var reopened = harness.Reopen())
        {
            Assert.Equal(Stored, reopened.Store.Read().Document.Routes.Single(r => r.Id == route.Id).Rules);
        }

        var rewound = await harness.Store.RewindAsync(first, "bob", "undo");

        Assert.Null(harness.Store.Read(rewound.Revision)!.Document.Routes.Single(r => r.Id == route.Id).Rules);
        Assert.Equal(StoreHarness.Sample.Listeners[0].Rules, harness.Store.ReadEntityTables().Listeners.Single(l => l.Id == "web").Rules);
        Assert.Equal(CanonicalJson.Serialize(StoreHarness.Sample), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
    }

    private static long Count(StoreHarness harness, string sql)
    {
        using var connection = harness.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
