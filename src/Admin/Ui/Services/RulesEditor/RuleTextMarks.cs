namespace Gateway.Admin.Ui.Services.RulesEditor;

/// <summary>A piece of a line in the layer behind the editor; <see cref="Marked"/> pieces are where a problem is.</summary>
internal sealed record MarkedPiece(string Text, bool Marked);

/// <summary>
/// The rules text cut into lines and pieces with each problem's span marked, for the layer drawn behind
/// the editor's text (the server's rendering of what wwwroot/rules-editor.js redraws while typing).
/// </summary>
internal static class RuleTextMarks
{
    public static IReadOnlyList<IReadOnlyList<MarkedPiece>> Lines(string? text, IReadOnlyList<RuleProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<IReadOnlyList<MarkedPiece>>(lines.Length);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var pieces = new List<MarkedPiece>();
            var at = 0;
            foreach (var problem in problems.Where(p => p.Line == n + 1 && p.Column > 0).OrderBy(p => p.Column))
            {
                var start = Math.Min(problem.Column - 1, line.Length);
                if (start < at)
                {
                    continue;
                }

                var end = Math.Min(start + Math.Max(problem.Length, 1), line.Length);
                pieces.Add(new(line[at..start], false));
                // A problem after the last character (something missing) marks one blank cell.
                pieces.Add(new(end > start ? line[start..end] : " ", true));
                at = Math.Max(end, start);
            }

            pieces.Add(new(line[at..], false));
            result.Add([.. pieces.Where(p => p.Text.Length > 0)]);
        }

        return result;
    }

    /// <summary>Lines the editor shows numbers for: at least one, and one per line of the text.</summary>
    public static int LineCount(string? text) => Math.Max(1, (text ?? "").Count(c => c == '\n') + 1);
}
