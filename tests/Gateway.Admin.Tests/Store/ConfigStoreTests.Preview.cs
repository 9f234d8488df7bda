using Gateway.Admin.Store;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Tests.Store;

public class ConfigStorePreviewTests
{
    [Fact]
    public async Task PreviewAsync_ValidOperations_DiffAndSnapshot_WithoutWritingOrPublishing()
    {
        using var harness = StoreHarness.Create();
        var revision = await harness.SeedSampleAsync();
        var live = harness.Live;
        var route = harness.Store.Read().Document.Routes.Single(r => r.Id == "site");

        var preview = await harness.Store.PreviewAsync(revision, [ConfigOperation.Update(route with { Order = 3 })], "preview");

        Assert.True(preview.IsValid);
        Assert.False(preview.IsStale);
        Assert.Equal(["routes/site"], preview.Changes.Select(c => $"{c.Collection}/{c.Id}"));
        Assert.Contains(preview.Lines, l => l.Kind == DiffLineKind.Added && l.Text.Contains("\"order\": 3", StringComparison.Ordinal));
        Assert.Equal(3, preview.Snapshot!.Config.Routes.Single(r => r.Id == "site").Order);
        Assert.Equal(revision, harness.Store.Read().Revision);
        Assert.Same(live, harness.Live);
    }

    [Fact]
    public async Task PreviewAsync_InvalidOrStale_ReportsEveryError()
    {
        using var harness = StoreHarness.Create();
        var revision = await harness.SeedSampleAsync();
        var route = harness.Store.Read().Document.Routes.Single(r => r.Id == "site");
        await harness.Store.CommitAsync(revision, [ConfigOperation.Update(route with { Order = 1 })], "test", "move on");

        var invalid = await harness.Store.PreviewAsync(revision, [ConfigOperation.Update(route with { Cluster = "nowhere" }), ConfigOperation.Delete(EntityKind.Map, "ghost")], "preview");
        var broken = await harness.Store.PreviewAsync(revision, [ConfigOperation.Update(route with { Rules = "http-request frobnicate" })], "preview");
        var missingBase = await harness.Store.PreviewAsync(99, [], "preview");

        Assert.Equal(["maps[ghost]"], invalid.Errors.Select(e => e.Path));
        Assert.True(invalid.IsStale);
        Assert.Equal(("routes[site].rules", 1), (broken.Errors.Single().Path, broken.Errors.Single().Line));
        Assert.Null(broken.Snapshot);
        Assert.False(missingBase.IsValid);
    }
}
