using Gateway.Admin.Store;

namespace Gateway.Admin.Ui.Services.Diffs;

/// <summary>How a diff is laid out on a page.</summary>
public enum DiffLayout
{
    SideBySide,
    Unified,
}

internal enum DiffRowKind
{
    Unchanged,
    Added,
    Removed,

    /// <summary>Side by side only: a removed line and the added line that took its place.</summary>
    Changed,

    /// <summary>A run of unchanged lines left out; <see cref="DiffFold"/> says how many and where.</summary>
    Fold,
}

/// <summary>Unchanged lines left out of the view: <see cref="Count"/> lines from <see cref="OldStart"/> (older) and <see cref="NewStart"/> (newer).</summary>
internal sealed record DiffFold(int Count, int OldStart, int NewStart);

/// <summary>One side of a side-by-side row. <see cref="ChangeStart"/> and <see cref="ChangeLength"/> mark the part that differs from the other side.</summary>
internal sealed record DiffCell(int Number, string Text, int ChangeStart = 0, int ChangeLength = 0)
{
    public string Before => Text[..ChangeStart];

    public string Changed => Text.Substring(ChangeStart, ChangeLength);

    public string After => Text[(ChangeStart + ChangeLength)..];
}

internal sealed record SideBySideRow(DiffRowKind Kind, DiffCell? Left, DiffCell? Right, DiffFold? Fold = null);

internal sealed record UnifiedRow(DiffRowKind Kind, int? OldNumber, int? NewNumber, string Text, DiffFold? Fold = null);

/// <summary>
/// The rows a page shows for a line diff (from <see cref="LineDiff"/>), in both layouts. Unchanged
/// lines further than <c>context</c> lines from any change are folded into one row, so a one-line
/// change in a large document reads as a few rows.
/// </summary>
public sealed class DiffView
{
    public const int DefaultContext = 3;

    private DiffView(IReadOnlyList<UnifiedRow> unified, IReadOnlyList<SideBySideRow> sideBySide, int added, int removed)
    {
        Unified = unified;
        SideBySide = sideBySide;
        Added = added;
        Removed = removed;
    }

    internal IReadOnlyList<UnifiedRow> Unified { get; }

    internal IReadOnlyList<SideBySideRow> SideBySide { get; }

    public int Added { get; }

    public int Removed { get; }

    public bool IsEmpty => Added == 0 && Removed == 0;

    /// <summary>The diff of two texts (canonical documents).</summary>
    public static DiffView Between(string older, string newer, int context = DefaultContext) =>
        From(LineDiff.Compute(older, newer), context);

    public static DiffView From(IReadOnlyList<DiffLine> lines, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var visible = Visible(lines, context);
        var unified = new List<UnifiedRow>(lines.Count);
        var sideBySide = new List<SideBySideRow>(lines.Count);
        var i = 0;
        while (i < lines.Count)
        {
            if (!visible[i])
            {
                var fold = FoldFrom(lines, visible, ref i);
                unified.Add(new(DiffRowKind.Fold, null, null, "", fold));
                sideBySide.Add(new(DiffRowKind.Fold, null, null, fold));
                continue;
            }

            var line = lines[i];
            if (line.Kind == DiffLineKind.Unchanged)
            {
                unified.Add(new(DiffRowKind.Unchanged, line.OldNumber, line.NewNumber, line.Text));
                sideBySide.Add(new(DiffRowKind.Unchanged, new(line.OldNumber!.Value, line.Text), new(line.NewNumber!.Value, line.Text)));
                i++;
                continue;
            }

            var removed = new List<DiffLine>();
            var added = new List<DiffLine>();
            for (; i < lines.Count && lines[i].Kind != DiffLineKind.Unchanged; i++)
            {
                (lines[i].Kind == DiffLineKind.Removed ? removed : added).Add(lines[i]);
                var kind = lines[i].Kind == DiffLineKind.Removed ? DiffRowKind.Removed : DiffRowKind.Added;
                unified.Add(new(kind, lines[i].OldNumber, lines[i].NewNumber, lines[i].Text));
            }

            Pair(removed, added, sideBySide);
        }

        return new DiffView(unified, sideBySide,
            lines.Count(l => l.Kind == DiffLineKind.Added), lines.Count(l => l.Kind == DiffLineKind.Removed));
    }

    /// <summary>Which lines are shown: every changed line and up to <paramref name="context"/> lines either side of one; a fold of a single line is not worth a row.</summary>
    private static bool[] Visible(IReadOnlyList<DiffLine> lines, int context)
    {
        var visible = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind != DiffLineKind.Unchanged)
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
                {
                    visible[j] = true;
                }
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var lonely = !visible[i] && (i == 0 || visible[i - 1]) && (i == lines.Count - 1 || visible[i + 1]);
            if (lonely && lines.Count > 1)
            {
                visible[i] = true;
            }
        }

        return visible;
    }

    private static DiffFold FoldFrom(IReadOnlyList<DiffLine> lines, bool[] visible, ref int i)
    {
        var first = lines[i];
        var count = 0;
        for (; i < lines.Count && !visible[i]; i++)
        {
            count++;
        }

        return new DiffFold(count, first.OldNumber ?? 0, first.NewNumber ?? 0);
    }

    /// <summary>A run of removed and added lines, side by side: the n-th removed line beside the n-th added one.</summary>
    private static void Pair(List<DiffLine> removed, List<DiffLine> added, List<SideBySideRow> rows)
    {
        for (var n = 0; n < Math.Max(removed.Count, added.Count); n++)
        {
            var left = n < removed.Count ? removed[n] : null;
            var right = n < added.Count ? added[n] : null;
            if (left is not null && right is not null)
            {
                var (start, leftLength, rightLength) = ChangedSpan(left.Text, right.Text);
                rows.Add(new(DiffRowKind.Changed, new(left.OldNumber!.Value, left.Text, start, leftLength), new(right.NewNumber!.Value, right.Text, start, rightLength)));
            }
            else if (left is not null)
            {
                rows.Add(new(DiffRowKind.Removed, new(left.OldNumber!.Value, left.Text, 0, left.Text.Length), null));
            }
            else
            {
                rows.Add(new(DiffRowKind.Added, null, new(right!.NewNumber!.Value, right.Text, 0, right.Text.Length)));
            }
        }
    }

    /// <summary>The middle part that differs between two lines, after their common start and common end.</summary>
    private static (int Start, int LeftLength, int RightLength) ChangedSpan(string left, string right)
    {
        var prefix = 0;
        while (prefix < left.Length && prefix < right.Length && left[prefix] == right[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < left.Length - prefix && suffix < right.Length - prefix && left[^(suffix + 1)] == right[^(suffix + 1)])
        {
            suffix++;
        }

        return (prefix, left.Length - prefix - suffix, right.Length - prefix - suffix);
    }
}
