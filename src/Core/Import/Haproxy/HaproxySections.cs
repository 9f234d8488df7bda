using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Import.Haproxy;

/// <summary>One line of a section: its number, its text and its words (split as HAProxy splits them).</summary>
internal sealed record HaproxyLine(int Number, string Text, IReadOnlyList<string> Words)
{
    public string Keyword => Words[0];

    /// <summary>The value after <paramref name="option"/> among the words, or null.</summary>
    public string? After(string option)
    {
        for (var i = 1; i < Words.Count - 1; i++)
        {
            if (Words[i] == option)
            {
                return Words[i + 1];
            }
        }

        return null;
    }
}

/// <summary>A section: <c>global</c>, <c>defaults</c>, <c>frontend NAME</c>, <c>backend NAME</c>, <c>listen NAME</c> or another kind.</summary>
internal sealed record HaproxySection(string Kind, string? Name, HaproxyLine Header, List<HaproxyLine> Lines);

/// <summary>Splits a configuration into sections of tokenized lines.</summary>
internal static class HaproxySectionReader
{
    public static readonly HashSet<string> Kinds = new(StringComparer.Ordinal)
    {
        "global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "resolvers", "cache", "program",
        "http-errors", "ring", "mailers", "fcgi-app", "crt-store", "traces",
    };

    public static List<HaproxySection> Read(string text, List<HaproxyImportNote> notes)
    {
        var sections = new List<HaproxySection>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var raw = lines[n].TrimEnd('\r');
            List<RuleToken> tokens;
            try
            {
                tokens = RuleLexer.Split(raw, n + 1);
            }
            catch (RuleSyntaxException ex)
            {
                notes.Add(new(n + 1, raw.Trim(), ex.Diagnostic.Message));
                continue;
            }

            if (tokens.Count == 0)
            {
                continue;
            }

            var line = new HaproxyLine(n + 1, raw.Trim(), [.. tokens.Select(t => t.Text)]);
            if (Kinds.Contains(line.Keyword))
            {
                sections.Add(new HaproxySection(line.Keyword, line.Words.Count > 1 ? line.Words[1] : null, line, []));
            }
            else if (sections.Count == 0)
            {
                notes.Add(new(line.Number, line.Text, "This line is outside any section."));
            }
            else
            {
                sections[^1].Lines.Add(line);
            }
        }

        return sections;
    }
}
