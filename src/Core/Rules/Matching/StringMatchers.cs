using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Matching;

/// <summary><c>str</c>: exact match against a hash set, looked up without copying the value.</summary>
internal sealed class StrMatcher : SampleMatcher
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StrMatcher(IEnumerable<string> patterns, bool ignoreCase) =>
        _lookup = patterns.ToFrozenSet(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public override bool Match(in Sample sample) => _lookup.Contains(sample.AsText().Span);
}

/// <summary><c>beg</c> and <c>end</c>: every pattern in one trie.</summary>
internal sealed class AffixMatcher(PrefixTrie trie) : SampleMatcher
{
    public override bool Match(in Sample sample) => trie.MatchesAny(sample.AsText().Span);
}

/// <summary><c>sub</c>: substring.</summary>
internal sealed class SubMatcher(IReadOnlyList<string> patterns, bool ignoreCase) : SampleMatcher
{
    private readonly string[] _patterns = [.. patterns];
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public override bool Match(in Sample sample)
    {
        var text = sample.AsText().Span;
        foreach (var pattern in _patterns)
        {
            if (text.Contains(pattern, _comparison))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>reg</c>: regular expressions, non-backtracking.</summary>
internal sealed class RegMatcher(IReadOnlyList<Regex> regexes) : SampleMatcher
{
    private readonly Regex[] _regexes = [.. regexes];

    public override bool Match(in Sample sample)
    {
        var text = sample.AsText().Span;
        foreach (var regex in _regexes)
        {
            if (RuleRegex.IsMatch(regex, text))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// <c>dir</c> and <c>dom</c>: the pattern must appear as whole words between delimiters
/// (<c>/</c> and <c>?</c> for dir; also <c>.</c> and <c>:</c> for dom, so a Host with a port matches), so <c>dom example.com</c> matches
/// <c>www.example.com</c> but not <c>badexample.com</c>.
/// </summary>
internal sealed class WordMatcher(IReadOnlyList<string> patterns, bool ignoreCase, bool domain) : SampleMatcher
{
    private readonly string[] _patterns = [.. patterns];
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public override bool Match(in Sample sample)
    {
        var text = sample.AsText().Span;
        foreach (var pattern in _patterns)
        {
            if (ContainsWord(text, pattern))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsDelimiter(char c) => c is '/' or '?' || (domain && c is '.' or ':');

    private bool ContainsWord(ReadOnlySpan<char> text, string pattern)
    {
        var word = pattern.AsSpan().Trim(domain ? "/?.:" : "/?");
        if (word.IsEmpty)
        {
            return false;
        }

        var offset = 0;
        while (offset <= text.Length - word.Length)
        {
            var found = text[offset..].IndexOf(word, _comparison);
            if (found < 0)
            {
                return false;
            }

            var start = offset + found;
            var end = start + word.Length;
            if ((start == 0 || IsDelimiter(text[start - 1])) && (end == text.Length || IsDelimiter(text[end])))
            {
                return true;
            }

            offset = start + 1;
        }

        return false;
    }
}
