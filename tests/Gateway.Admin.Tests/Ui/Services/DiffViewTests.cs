using Gateway.Admin.Ui.Services.Diffs;
using Gateway.Admin.Store;
using Gateway.Admin.Tests.Store;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Tests.Ui.Services;

public class DiffViewTests
{
    private static string Lines(int count, Func<int, string>? line = null) =>
        string.Join("\n", Enumerable.Range(1, count).Select(n => line?.Invoke(n) ?? $"line {n}"));

    [Fact]
    public void From_OneChangeInLongText_FoldsWhatIsFarFromIt()
    {
        var older = Lines(30);
        var newer = Lines(30, n => n == 15 ? "line fifteen" : $"line {n}");

        var view = DiffView.Between(older, newer);

        Assert.Equal((1, 1), (view.Added, view.Removed));
        Assert.Equal(
            [DiffRowKind.Fold, DiffRowKind.Unchanged, DiffRowKind.Unchanged, DiffRowKind.Unchanged, DiffRowKind.Removed, DiffRowKind.Added,
             DiffRowKind.Unchanged, DiffRowKind.Unchanged, DiffRowKind.Unchanged, DiffRowKind.Fold],
            view.Unified.Select(r => r.Kind));
        Assert.Equal(new DiffFold(11, 1, 1), view.Unified[0].Fold);
        Assert.Equal(new DiffFold(12, 19, 19), view.Unified[^1].Fold);
        Assert.Equal((15, (int?)null, "line 15"), (view.Unified[4].OldNumber!.Value, view.Unified[4].NewNumber, view.Unified[4].Text));
    }

    [Fact]
    public void SideBySide_RemovedBesideAdded_MarksTheChangedMiddle()
    {
        var view = DiffView.Between("a\n  \"order\": 1,\nz", "a\n  \"order\": 23,\nz");

        var row = Assert.Single(view.SideBySide, r => r.Kind == DiffRowKind.Changed);
        Assert.Equal((2, "1", "23"), (row.Left!.Number, row.Left.Changed, row.Right!.Changed));
        Assert.Equal(("  \"order\": ", ","), (row.Right.Before, row.Right.After));
        Assert.Equal(3, view.SideBySide.Count);
    }

    [Fact]
    public void SideBySide_MoreAddedThanRemoved_LeavesTheLeftEmpty()
    {
        var view = DiffView.Between("a\nb\nz", "a\nB\nC\nD\nz");

        Assert.Equal([DiffRowKind.Unchanged, DiffRowKind.Changed, DiffRowKind.Added, DiffRowKind.Added, DiffRowKind.Unchanged], view.SideBySide.Select(r => r.Kind));
        Assert.Null(view.SideBySide[2].Left);
        Assert.Equal((3, 4), (view.SideBySide[2].Right!.Number, view.SideBySide[3].Right!.Number));
        Assert.Equal(("C", ""), (view.SideBySide[2].Right!.Changed, view.SideBySide[2].Right!.Before));
    }

    [Fact]
    public void From_SameText_IsEmptyAndOneFold()
    {
        var view = DiffView.Between(Lines(10), Lines(10));

        Assert.True(view.IsEmpty);
        Assert.Equal(new DiffFold(10, 1, 1), Assert.Single(view.Unified).Fold);
        Assert.Equal(DiffRowKind.Fold, Assert.Single(view.SideBySide).Kind);
    }

    [Fact]
    public void From_OneLineBetweenTwoContexts_IsShownNotFolded()
    {
        var older = Lines(9);
        var newer = Lines(9, n => n is 2 or 8 ? "changed" : $"line {n}");

        var view = DiffView.Between(older, newer, context: 2);

        Assert.DoesNotContain(view.Unified, r => r.Kind == DiffRowKind.Fold);
        Assert.Equal(11, view.Unified.Count);
    }

    [Fact]
    public void From_NegativeContext_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffView.From([], -1));

    [Fact]
    public void Between_CanonicalDocuments_ShowsTheFieldThatChanged()
    {
        var before = StoreHarness.Sample;
        var after = before with { Routes = [.. before.Routes.Select(r => r.Id == "site" ? r with { Order = 7 } : r)] };

        var view = DiffView.Between(CanonicalJson.Serialize(before), CanonicalJson.Serialize(after));

        Assert.Contains(view.Unified, r => r.Kind == DiffRowKind.Added && r.Text.Contains("\"order\": 7", StringComparison.Ordinal));
        Assert.Contains(view.Unified, r => r.Kind == DiffRowKind.Fold);
        Assert.Equal(view.Added, view.SideBySide.Count(r => r.Right is { } right && r.Kind != DiffRowKind.Unchanged));
    }
}
