namespace Gateway.Core.Rules.Primitives;

/// <summary>Suggestions for misspelt keywords, for error messages.</summary>
internal static class NameSuggestions
{
    /// <summary>"; did you mean 'x'?" for a name one or two edits away from a known one.</summary>
    public static string Suggest(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, Distance(name, k))).Where(p => p.Item2 <= 2).OrderBy(p => p.Item2).ThenBy(p => p.k, StringComparer.Ordinal).FirstOrDefault();
        return best.k is null ? "" : $"; did you mean '{best.k}'?";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
