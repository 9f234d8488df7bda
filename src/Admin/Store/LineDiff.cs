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

    /// <summary>
    /// The lines within <paramref name="context"/> lines of a change; each run of unchanged lines further away becomes
    /// one <see cref="DiffLineKind.Skipped"/> line whose numbers are the run's first and whose text is its length.
    /// </summary>
    public static IReadOnlyList<DiffLine> Fold(IReadOnlyList<DiffLine> lines, int context)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind != DiffLineKind.Unchanged)
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var folded = new List<DiffLine>();
        for (var i = 0; i < lines.Count;)
        {
            if (keep[i])
            {
                folded.Add(lines[i++]);
                continue;
            }

            var start = i;
            while (i < lines.Count && !keep[i])
            {
                i++;
            }

            folded.Add(new DiffLine(DiffLineKind.Skipped, lines[start].OldNumber, lines[start].NewNumber, (i - start).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return folded;
    }
}
