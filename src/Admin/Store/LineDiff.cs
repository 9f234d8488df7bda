using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Gateway.Admin.Store;

/// <summary>A line diff of two texts (DiffPlex), numbered on both sides.</summary>
internal static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string older, string newer)
    {
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(older, newer, ignoreWhitespace: false);
        var lines = new List<DiffLine>(model.Lines.Count);
        int oldNumber = 0, newNumber = 0;
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Inserted:
                    lines.Add(new(DiffLineKind.Added, null, ++newNumber, line.Text));
                    break;
                case ChangeType.Deleted:
                    lines.Add(new(DiffLineKind.Removed, ++oldNumber, null, line.Text));
                    break;
                case ChangeType.Imaginary:
                    break;
                default:
                    lines.Add(new(DiffLineKind.Unchanged, ++oldNumber, ++newNumber, line.Text));
                    break;
            }
        }

        return lines;
    }
}
