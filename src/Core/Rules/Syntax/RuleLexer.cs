using System.Text;

namespace Gateway.Core.Rules.Syntax;

/// <summary>
/// Splits one line into words the way HAProxy's configuration parser does: spaces separate
/// words, <c>"…"</c> and <c>'…'</c> quote, <c>#</c> at the start of a word begins a comment.
/// </summary>
/// <remarks>
/// A backslash escapes only what would otherwise be syntax (whitespace, quotes, <c>#</c> and the
/// backslash itself) and is kept before anything else, so regular expressions such as
/// <c>^/v\d+/</c> need no doubling. Inside single quotes nothing is special.
/// </remarks>
internal static class RuleLexer
{
    public static List<RuleToken> Split(string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var tokens = new List<RuleToken>();
        var text = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }

            if (line[i] == '#')
            {
                break;
            }

            var start = i;
            var quoted = false;
            text.Clear();
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                var c = line[i];
                if (c is '"' or '\'')
                {
                    quoted = true;
                    i = ReadQuoted(line, i, lineNumber, text);
                }
                else if (c == '\\' && i + 1 < line.Length && IsWordSpecial(line[i + 1]))
                {
                    text.Append(line[i + 1]);
                    i += 2;
                }
                else
                {
                    text.Append(c);
                    i++;
                }
            }

            tokens.Add(new RuleToken(text.ToString(), start + 1, quoted));
        }

        return tokens;
    }

    /// <summary>Characters a backslash escapes outside quotes.</summary>
    public static bool IsWordSpecial(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '#' or '\\';

    private static int ReadQuoted(string line, int i, int lineNumber, StringBuilder text)
    {
        var quote = line[i];
        var open = i;
        i++;
        while (i < line.Length && line[i] != quote)
        {
            if (quote == '"' && line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
            {
                text.Append(line[i + 1]);
                i += 2;
                continue;
            }

            text.Append(line[i]);
            i++;
        }

        if (i >= line.Length)
        {
            throw new RuleSyntaxException(new(lineNumber, open + 1, $"The quote {quote} opened here is never closed.", "end of line", quote.ToString()));
        }

        return i + 1;
    }
}
