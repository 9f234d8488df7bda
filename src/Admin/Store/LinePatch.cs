using System.Text;
using DiffPlex;

namespace Gateway.Admin.Store;

/// <summary>
/// A line patch from one canonical document to the next, as text: for each changed block a header line
/// <c>@start deleted inserted</c> (a 0-based line of the older text, how many of its lines go, how many new ones
/// come) followed by the inserted lines. Canonical documents end lines with <c>\n</c> only and escape every
/// control character inside strings, so a line never holds a line end and the patch needs no quoting. Hand-written
/// because DiffPlex (already used for the diff pages) finds the blocks but has no patch format; <see cref="Create"/>
/// checks that its patch gives back the newer text, and returns null when it does not (the caller stores the whole
/// document instead), so the format can only cost space, never exactness.
/// </summary>
internal static class LinePatch
{
    public static string? Create(string older, string newer)
    {
        var result = new Differ().CreateLineDiffs(older, newer, ignoreWhitespace: false);
        var builder = new StringBuilder();
        foreach (var block in result.DiffBlocks)
        {
            builder.Append('@').Append(block.DeleteStartA).Append(' ').Append(block.DeleteCountA).Append(' ').Append(block.InsertCountB).Append('\n');
            for (var i = 0; i < block.InsertCountB; i++)
            {
                builder.Append(result.PiecesNew[block.InsertStartB + i]).Append('\n');
            }
        }

        var patch = builder.ToString();
        return Apply(older, patch) == newer ? patch : null;
    }

    public static string Apply(string older, string patch)
    {
        var lines = older.Split('\n');
        var output = new List<string>(lines.Length);
        var cursor = 0;
        var reader = patch.AsSpan();
        while (!reader.IsEmpty)
        {
            var header = TakeLine(ref reader);
            if (header.Length == 0 || header[0] != '@')
            {
                throw new FormatException("A stored revision patch is damaged: expected a block header.");
            }

            var parts = header[1..].ToString().Split(' ');
            if (parts.Length != 3 || !int.TryParse(parts[0], out var start) || !int.TryParse(parts[1], out var deleted) || !int.TryParse(parts[2], out var inserted)
                || start < cursor || start + deleted > lines.Length)
            {
                throw new FormatException("A stored revision patch is damaged: a block header is out of range.");
            }

            output.AddRange(lines.AsSpan(cursor, start - cursor));
            for (var i = 0; i < inserted; i++)
            {
                output.Add(TakeLine(ref reader).ToString());
            }

            cursor = start + deleted;
        }

        output.AddRange(lines.AsSpan(cursor));
        return string.Join('\n', output);
    }

    private static ReadOnlySpan<char> TakeLine(ref ReadOnlySpan<char> text)
    {
        var end = text.IndexOf('\n');
        if (end < 0)
        {
            throw new FormatException("A stored revision patch is damaged: it ends in the middle of a line.");
        }

        var line = text[..end];
        text = text[(end + 1)..];
        return line;
    }
}
