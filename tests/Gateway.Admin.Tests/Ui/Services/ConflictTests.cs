using Gateway.Admin.Ui.Services.Conflicts;
using Gateway.Admin.Store;
using Gateway.Admin.Tests.Store;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Tests.Ui.Services;

public class ConflictTests
{
    private static RouteConfig Route(ConfigStore store, string id) => store.Read().Document.Routes.Single(r => r.Id == id);

    private static ClusterConfig Cluster(ConfigStore store, string id) => store.Read().Document.Clusters.Single(c => c.Id == id);

    /// <summary>Revision 1 is the sample; someone else then commits revision 2, changing route site's order and adding route extra to cluster site.</summary>
    private static async Task<(StoreHarness Harness, long Base)> ConcurrentCommitAsync()
    {
        var harness = StoreHarness.Create();
        var based = await harness.SeedSampleAsync();
        var other = await harness.Store.CommitAsync(based, [
            ConfigOperation.Update(Route(harness.Store, "site") with { Order = 5 }),
            ConfigOperation.Create(new RouteConfig { Id = "extra", Cluster = "site", Path = "/extra" }),
        ], "bob", "bob's change");
        Assert.True(other.Succeeded, string.Join("; ", other.Errors));
        return (harness, based);
    }

    [Fact]
    public async Task Detect_BaseIsLatest_NoConflict()
    {
        using var harness = StoreHarness.Create();
        var revision = await harness.SeedSampleAsync();

        Assert.Null(ConflictCheck.Detect(harness.Store, revision, [ConfigOperation.Update(Route(harness.Store, "site") with { Order = 1 })]));
    }

    [Fact]
    public async Task Detect_SomeoneCommitted_ListsTheirCommitsAndWhatOverlaps()
    {
        var (harness, based) = await ConcurrentCommitAsync();
        using var _ = harness;
        var staged = harness.Store.Read(based)!.Document;

        var conflict = ConflictCheck.Detect(harness.Store, based, [
            ConfigOperation.Update(staged.Routes.Single(r => r.Id == "site") with { Order = 9 }),
            ConfigOperation.Update(staged.Clusters.Single(c => c.Id == "api") with { LoadBalancing = "random" }),
        ])!;

        Assert.Equal((1L, 2L), (conflict.BaseRevision, conflict.LatestRevision));
        var commit = Assert.Single(conflict.CommitsSince);
        Assert.Equal(("bob", "bob's change"), (commit.Author, commit.Message));
        Assert.Equal(["routes/extra", "routes/site"], conflict.ChangedSince.Select(c => $"{c.Collection}/{c.Id}").Order());
        Assert.Equal(["route site"], conflict.Overlapping);
    }

    [Fact]
    public async Task Detect_SomeoneCommitted_SaysWhatARebaseWouldKeepAndLeaveOut()
    {
        var (harness, based) = await ConcurrentCommitAsync();
        using var _ = harness;
        var staged = harness.Store.Read(based)!.Document;

        var conflict = ConflictCheck.Detect(harness.Store, based, [
            ConfigOperation.Update(staged.Routes.Single(r => r.Id == "site") with { Order = 9 }),
            ConfigOperation.Update(staged.Clusters.Single(c => c.Id == "api") with { LoadBalancing = "random" }),
        ])!;

        Assert.Equal(2, conflict.Rebase.BaseRevision);
        Assert.Equal(["update cluster api"], conflict.Rebase.Kept.Select(OperationText.Describe));
        var skipped = Assert.Single(conflict.Rebase.Skipped);
        Assert.Equal("update route site", skipped.Description);
        Assert.Contains("changed route site too", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(2, harness.Store.Read().Revision);
    }

    [Fact]
    public async Task Plan_KeepsWhatStillApplies_LeavesOutWhatWouldOverwrite_AndCommitsWithoutLosingTheirChange()
    {
        var (harness, based) = await ConcurrentCommitAsync();
        using var _ = harness;
        var staged = harness.Store.Read(based)!.Document;
        var operations = new[]
        {
            ConfigOperation.Update(staged.Routes.Single(r => r.Id == "site") with { Order = 9 }),
            ConfigOperation.Update(staged.Clusters.Single(c => c.Id == "api") with { LoadBalancing = "random" }),
            ConfigOperation.Create(new RouteConfig { Id = "extra", Cluster = "api" }),
            ConfigOperation.Delete(EntityKind.Cluster, "site"),
            ConfigOperation.Create(new MapConfig { Id = "more", Entries = [new("k", "v")] }),
        };

        var plan = ConflictRebase.Plan(staged, harness.Store.Read(), operations);

        Assert.Equal(2, plan.BaseRevision);
        Assert.Equal(["update cluster api", "create map more"], plan.Kept.Select(OperationText.Describe));
        Assert.Equal(["update route site", "create route extra", "delete cluster site"], plan.Skipped.Select(s => s.Description));
        Assert.Contains("changed route site too", plan.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("added route extra too", plan.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Contains("is used by routes \"site\", \"extra\"", plan.Skipped[2].Reason, StringComparison.Ordinal);

        var committed = await harness.Store.CommitAsync(plan.BaseRevision, plan.Kept, "alice", "rebased");

        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors));
        Assert.Equal(5, Route(harness.Store, "site").Order);
        Assert.Equal("site", Route(harness.Store, "extra").Cluster);
        Assert.Equal("random", Cluster(harness.Store, "api").LoadBalancing);
        Assert.Equal(plan.Document.Maps.Select(m => m.Id), harness.Store.Read().Document.Maps.Select(m => m.Id));
    }

    [Fact]
    public async Task Plan_WholeDocumentReplace_IsLeftOutOnceOthersChangedAnything()
    {
        var (harness, based) = await ConcurrentCommitAsync();
        using var _ = harness;
        var staged = harness.Store.Read(based)!.Document;

        var plan = ConflictRebase.Plan(staged, harness.Store.Read(), [ConfigOperation.Replace(GatewayConfig.Empty)]);
        var unchanged = ConflictRebase.Plan(harness.Store.Read().Document, harness.Store.Read(), [ConfigOperation.Replace(GatewayConfig.Empty)]);

        Assert.False(plan.IsClean);
        Assert.Empty(plan.Kept);
        Assert.Contains("2 entities were changed", Assert.Single(plan.Skipped).Reason, StringComparison.Ordinal);
        Assert.True(unchanged.IsClean);
        Assert.Empty(unchanged.Document.Routes);
    }
}
