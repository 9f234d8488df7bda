using System.Globalization;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Matching;

/// <summary>
/// <c>int</c> and <c>len</c>: integer ranges written as <c>N</c>, <c>N:M</c>, <c>N:</c>, <c>:M</c>, or an
/// operator (<c>eq ge gt le lt</c>) followed by a number.
/// </summary>
internal sealed class IntMatcher(IReadOnlyList<(long Min, long Max)> ranges, bool length) : SampleMatcher
{
    private readonly (long Min, long Max)[] _ranges = [.. ranges];

    public override bool Match(in Sample sample)
    {
        long value;
        if (length)
        {
            value = sample.Type == SampleType.Text ? sample.Text.Length : sample.AsText().Length;
        }
        else if (!sample.TryGetInteger(out value))
        {
            return false;
        }

        foreach (var (min, max) in _ranges)
        {
            if (value >= min && value <= max)
            {
                return true;
            }
        }

        return false;
    }

    /// <exception cref="RuleCompileException">A pattern is not an integer range.</exception>
    public static List<(long Min, long Max)> ParseRanges(IReadOnlyList<string> patterns)
    {
        var ranges = new List<(long, long)>();
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            if (pattern is "eq" or "ge" or "gt" or "le" or "lt")
            {
                if (i + 1 == patterns.Count)
                {
                    throw new RuleCompileException($"The operator '{pattern}' needs a number after it.", found: pattern, expected: $"a number after '{pattern}'");
                }

                var n = Number(patterns[++i]);
                ranges.Add(pattern switch
                {
                    "eq" => (n, n),
                    "ge" => (n, long.MaxValue),
                    "gt" => (n == long.MaxValue ? n : n + 1, n == long.MaxValue ? long.MinValue : long.MaxValue),
                    "le" => (long.MinValue, n),
                    _ => (n == long.MinValue ? long.MaxValue : long.MinValue, n - (n == long.MinValue ? 0 : 1)),
                });
                continue;
            }

            var colon = pattern.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                var n = Number(pattern);
                ranges.Add((n, n));
            }
            else
            {
                var min = colon == 0 ? long.MinValue : Number(pattern[..colon]);
                var max = colon == pattern.Length - 1 ? long.MaxValue : Number(pattern[(colon + 1)..]);
                ranges.Add((min, max));
            }
        }

        return ranges;
    }

    private static long Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new RuleCompileException($"'{text}' is not an integer; write N, N:M, N:, :M or one of eq, ge, gt, le, lt followed by N.", found: text, expected: "N, N:M, N:, :M or eq, ge, gt, le, lt followed by N");
}
