using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using System.Data.Common;

namespace Gateway.Admin.Tests.Store;

/// <summary>The store's guarantees, on SQLite here and on PostgreSQL in <see cref="PostgresConfigStoreTests"/>, which runs every test of this class.</summary>
public partial class ConfigStoreTests
{
    /// <summary>The store settings of a new, empty database: none (SQLite in the harness's folder) here.</summary>
    protected virtual IDictionary<string, string?>? NewDatabase() => null;

    private StoreHarness NewHarness(string? root = null) => StoreHarness.Create(root, NewDatabase());
    [Fact]
    public void Read_NewStore_IsRevisionZeroAndEmpty()
    {
        using var harness = NewHarness();

        var latest = harness.Store.Read();

        Assert.Equal(0, latest.Revision);
        Assert.Same(GatewayConfig.Empty, latest.Document);
        Assert.Empty(harness.Store.History());
    }

    [Fact]
    public async Task Commit_Valid_WritesOneRevision_IsLiveOnReturn_AndRecordsImages()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();

        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Create(new ClusterConfig { Id = "new", Servers = [new() { Id = "n1", Address = "http://10.9.9.9/" }] }),
             ConfigOperation.Update(StoreHarness.Sample.Routes[2] with { Cluster = "new" })],
            "alice", "move the site");

        Assert.Equal((CommitStatus.Committed, 2L), (result.Status, result.Revision));
        Assert.Equal("revision 2", harness.Live.Version);
        Assert.Equal("new", harness.Live.Config.Routes.Single(r => r.Id == "site").Cluster);
        var revision = harness.Store.Get(2)!;
        Assert.Equal(("alice", "move the site", 1L, "1 added, 1 changed"), (revision.Info.Author, revision.Info.Message, revision.Info.Parent!.Value, revision.Info.Summary));
        var routeChange = Assert.Single(revision.Changes, c => c.Collection == "routes");
        Assert.Equal(("site", ChangeKind.Changed), (routeChange.Id, routeChange.Kind));
        Assert.Equal(["cluster"], routeChange.Fields);
        Assert.Equal("site", routeChange.Before!["cluster"]!.GetValue<string>());
        Assert.Equal("new", routeChange.After!["cluster"]!.GetValue<string>());
        Assert.Null(Assert.Single(revision.Changes, c => c.Collection == "clusters").Before);
    }

    [Fact]
    public async Task Commit_StaleBase_IsAConflictNamingTheLatest_AndWritesNothing()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Route, "site")], "alice", "drop the site");

        var stale = await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Route, "orders")], "bob", "drop orders");

        Assert.Equal((CommitStatus.Conflict, 2L), (stale.Status, stale.Revision));
        Assert.Contains("the latest revision is 2", Assert.Single(stale.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Store.History().Count);
        Assert.Contains(harness.Store.Read().Document.Routes, r => r.Id == "orders");
    }

    [Fact]
    public async Task Commit_InvalidResult_ListsEveryError_AndWritesNothing()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        var before = harness.Live;

        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Update(StoreHarness.Sample.Routes[0] with { Cluster = "nope" }),
             ConfigOperation.Update(StoreHarness.Sample.Listeners[0] with { Address = "nowhere" })],
            "alice", "broken");

        Assert.Equal(CommitStatus.Invalid, result.Status);
        Assert.Equal(["listeners[web].address", "routes[orders].cluster"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Single(harness.Store.History());
        Assert.Same(before, harness.Live);
        Assert.Equal(CanonicalJson.Serialize(StoreHarness.Sample), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
    }

    [Fact]
    public async Task Commit_DeleteClusterStillReferenced_IsRefusedNamingTheRoutes()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();

        var result = await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Cluster, "api")], "alice", "remove api");

        Assert.Equal(CommitStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal("clusters[api]", error.Path);
        Assert.Equal("Cluster \"api\" is used by routes \"orders\", \"users\"; change or delete them first.", error.Message);
    }

    [Fact]
    public async Task Commit_DeleteListenerStillReferenced_IsRefusedNamingTheRoute()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();

        var result = await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Listener, "internal")], "alice", "remove internal");

        Assert.Equal("Listener \"internal\" is used by route \"users\"; change or delete it first.", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Commit_CreateExistingOrTouchMissing_IsRefused()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();

        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Create(StoreHarness.Sample.Clusters[0] with { Id = "API" }),
             ConfigOperation.Update(StoreHarness.Sample.Routes[0] with { Id = "ghost" }),
             ConfigOperation.Delete(EntityKind.Listener, "ghost")],
            "alice", "nonsense");

        Assert.Equal(
            ["A cluster with id 'API' already exists; update it instead, or choose another id.", "There is no route with id 'ghost' to update.", "There is no listener with id 'ghost' to delete."],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public async Task Commit_MoveRoutesOffADeletedCluster_KeepsTablesInStepWithTheDocument()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        var sample = StoreHarness.Sample;

        // One commit that needs the right statement order: routes move to a new cluster before
        // their old cluster is deleted, a listener binding changes, and a server is replaced.
        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Create(new ClusterConfig { Id = "api2", Servers = [new() { Id = "b1", Address = "http://10.0.2.1/" }] }),
             ConfigOperation.Update(sample.Routes[0] with { Cluster = "api2", Listeners = ["internal", "web"] }),
             ConfigOperation.Update(sample.Routes[1] with { Cluster = "api2", Listeners = ["web"] }),
             ConfigOperation.Delete(EntityKind.Cluster, "api"),
             ConfigOperation.Update(sample.Clusters[1] with { Servers = [new() { Id = "s2", Address = "http://10.0.1.2/", State = ServerState.Drain }] })],
            "alice", "reshuffle");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(CanonicalJson.Serialize(harness.Store.Read().Document), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
    }

    [Fact]
    public async Task ConcurrentWriters_OnTheSameBase_ExactlyOneWins()
    {
        using var one = NewHarness();
        using var two = one.Reopen();
        var first = await one.SeedSampleAsync();

        for (var round = 0; round < 10; round++)
        {
            var latest = one.Store.Read().Revision;
            using var start = new ManualResetEventSlim();
            var results = await Task.WhenAll(
                Task.Run(() => { start.Wait(); return one.Store.CommitAsync(latest, [ConfigOperation.Update(StoreHarness.Sample.Routes[0] with { Order = round })], "one", "race"); }),
                Task.Run(() => { start.Wait(); return two.Store.CommitAsync(latest, [ConfigOperation.Update(StoreHarness.Sample.Routes[1] with { Order = round })], "two", "race"); }),
                Task.Run(() => { start.Set(); return Task.FromResult(new CommitResult(CommitStatus.Committed, 0, [])); }));

            Assert.Equal(1, results.Take(2).Count(r => r.Status == CommitStatus.Committed));
            Assert.Equal(1, results.Take(2).Count(r => r.Status == CommitStatus.Conflict));
            Assert.Equal(latest + 1, one.Store.Read().Revision);
        }

        Assert.Equal(11, one.Store.History(pageSize: 100).Count);
        Assert.Equal(1, first);
    }

    [Fact]
    public async Task Rewind_CommitsTheOldDocumentAsANewRevision_AndARewindCanBeRewound()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Route, "site"), ConfigOperation.Delete(EntityKind.Cluster, "site")], "alice", "drop the site");

        var rewind = await harness.Store.RewindAsync(1, "bob", "undo");
        var rewindOfRewind = await harness.Store.RewindAsync(2, "carol", "redo");

        Assert.Equal((3L, 4L), (rewind.Revision, rewindOfRewind.Revision));
        Assert.Equal(CanonicalJson.Serialize(harness.Store.Read(1)!.Document), CanonicalJson.Serialize(harness.Store.Read(3)!.Document));
        Assert.Equal(CanonicalJson.Serialize(harness.Store.Read(2)!.Document), CanonicalJson.Serialize(harness.Store.Read(4)!.Document));
        Assert.Equal("revision 4", harness.Live.Version);
        Assert.DoesNotContain(harness.Live.Config.Routes, r => r.Id == "site");
        Assert.Equal(CanonicalJson.Serialize(harness.Store.Read().Document), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
    }

    [Fact]
    public async Task Rewind_ToMissingRevision_IsNotFound()
    {
        using var harness = NewHarness();
        await harness.SeedSampleAsync();

        var result = await harness.Store.RewindAsync(42, "alice", "?");

        Assert.Equal((CommitStatus.NotFound, 1L), (result.Status, result.Revision));
    }

    [Fact]
    public async Task Diff_IdenticalRevisions_IsEmpty()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Route, "site")], "alice", "x");
        await harness.Store.RewindAsync(1, "alice", "undo");

        var diff = harness.Store.Diff(1, 3)!;

        Assert.True(diff.IsEmpty);
        Assert.All(diff.Lines, line => Assert.Equal(DiffLineKind.Unchanged, line.Kind));
    }

    [Fact]
    public async Task Diff_ReportsEntitiesFieldsAndLines()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        var api = StoreHarness.Sample.Clusters[0];
        await harness.Store.CommitAsync(first,
            [ConfigOperation.Update(api with { Servers = [api.Servers[0] with { State = ServerState.Maintenance }, .. api.Servers.Skip(1)] }),
             ConfigOperation.Delete(EntityKind.Route, "site")],
            "alice", "x");

        var diff = harness.Store.Diff(1, 2)!;

        var cluster = Assert.Single(diff.Changes, c => c.Collection == "clusters");
        Assert.Equal(["servers[a1].state"], cluster.Fields);
        Assert.Equal(ChangeKind.Removed, Assert.Single(diff.Changes, c => c.Collection == "routes").Kind);
        Assert.Contains(diff.Lines, l => l.Kind == DiffLineKind.Added && l.Text.Contains("\"state\": \"maintenance\"", StringComparison.Ordinal));
        Assert.Contains(diff.Lines, l => l.Kind == DiffLineKind.Removed && l.Text.Contains("\"id\": \"site\"", StringComparison.Ordinal));
        Assert.Null(harness.Store.Diff(1, 99));
    }

    [Fact]
    public async Task ReadAsOf_ReturnsTheDocumentOfThatRevision()
    {
        using var harness = NewHarness();
        var first = await harness.SeedSampleAsync();
        await harness.Store.CommitAsync(first, [ConfigOperation.Delete(EntityKind.Route, "site")], "alice", "x");

        Assert.Equal(3, harness.Store.Read(1)!.Document.Routes.Count);
        Assert.Equal(2, harness.Store.Read(2)!.Document.Routes.Count);
        Assert.Null(harness.Store.Read(3));
    }

    [Fact]
    public async Task History_IsNewestFirstAndPaged()
    {
        using var harness = NewHarness();
        var revision = await harness.SeedSampleAsync();
        for (var i = 0; i < 4; i++)
        {
            revision = (await harness.Store.CommitAsync(revision, [ConfigOperation.Update(StoreHarness.Sample.Routes[0] with { Order = i })], "alice", $"step {i}")).Revision;
        }

        Assert.Equal([5L, 4L], harness.Store.History(page: 1, pageSize: 2).Select(r => r.Number));
        Assert.Equal([3L, 2L], harness.Store.History(page: 2, pageSize: 2).Select(r => r.Number));
        Assert.Equal([1L], harness.Store.History(page: 3, pageSize: 2).Select(r => r.Number));
    }

    [Fact]
    public async Task ExportThenImport_RoundTripsByteForByte()
    {
        using var harness = NewHarness();
        await harness.SeedSampleAsync();
        var exported = harness.Store.ExportJson();

        var imported = await harness.Store.ImportJsonAsync(1, exported, "alice", "re-import");

        Assert.True(imported.Succeeded);
        Assert.Equal(exported, harness.Store.ExportJson());
        Assert.True(harness.Store.Diff(1, 2)!.IsEmpty);
    }

    [Fact]
    public async Task Import_Malformed_IsRefusedWithPaths_AndWritesNothing()
    {
        using var harness = NewHarness();
        await harness.SeedSampleAsync();

        var unknownField = await harness.Store.ImportJsonAsync(1, """{ "routes": [ { "id": "a", "cluster": "c", "colour": "red" } ] }""", "alice", "x");
        var badValues = await harness.Store.ImportJsonAsync(1, """{ "clusters": [ { "id": "c", "activityTimeout": "soon", "servers": [ { "id": "s", "address": "http://x/", "state": "down" } ] } ] }""", "alice", "x");
        var notJson = await harness.Store.ImportJsonAsync(1, "{ routes: ", "alice", "x");

        Assert.Equal(("$.routes[0].colour", "Unknown field 'colour'."), (Assert.Single(unknownField.Errors).Path, unknownField.Errors[0].Message));
        Assert.Equal(["$.clusters[0].activityTimeout", "$.clusters[0].servers[0].state"], badValues.Errors.Select(e => e.Path));
        Assert.Equal(CommitStatus.Invalid, notJson.Status);
        Assert.Single(harness.Store.History());
    }

    [Fact]
    public async Task Revisions_AreAppendOnly_InTheDatabaseItself()
    {
        using var harness = NewHarness();
        await harness.SeedSampleAsync();
        using var connection = harness.OpenConnection();

        foreach (var sql in new[] { "UPDATE revisions SET message = 'rewritten';", "DELETE FROM revisions;" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.Contains("revisions are append-only", error.Message, StringComparison.Ordinal);
        }
    }
}
