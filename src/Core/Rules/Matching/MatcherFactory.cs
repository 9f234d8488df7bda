using Gateway.Core.Rules.Primitives;


namespace Gateway.Core.Rules.Matching;

internal static class MatcherFactory
{
    /// <exception cref="RuleCompileException">A pattern is not valid for the method.</exception>
    public static SampleMatcher Create(MatchMethod method, bool ignoreCase, IReadOnlyList<string> patterns) => method switch
    {
        MatchMethod.Found => FoundMatcher.Instance,
        MatchMethod.Bool => BoolMatcher.Instance,
        MatchMethod.Int => new IntMatcher(IntMatcher.ParseRanges(patterns), length: false),
        MatchMethod.Len => new IntMatcher(IntMatcher.ParseRanges(patterns), length: true),
        MatchMethod.Ip => new IpMatcher(new CidrTable(IpMatcher.ParseNetworks(patterns))),
        MatchMethod.Str => new StrMatcher(patterns, ignoreCase),
        MatchMethod.Beg => new AffixMatcher(new PrefixTrie(patterns.Select(p => (p, 0)), ignoreCase, reversed: false)),
        MatchMethod.End => new AffixMatcher(new PrefixTrie(patterns.Select(p => (p, 0)), ignoreCase, reversed: true)),
        MatchMethod.Sub => new SubMatcher(patterns, ignoreCase),
        MatchMethod.Reg => new RegMatcher([.. patterns.Select(p => RuleRegex.Create(p, ignoreCase))]),
        MatchMethod.Dir => new WordMatcher(patterns, ignoreCase, domain: false),
        MatchMethod.Dom => new WordMatcher(patterns, ignoreCase, domain: true),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Whether a method needs patterns (all but found and bool do).</summary>
    public static bool NeedsPatterns(MatchMethod method) => method is not (MatchMethod.Found or MatchMethod.Bool);

    public static string Name(MatchMethod method) => method.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out MatchMethod method)
    {
        foreach (var candidate in Enum.GetValues<MatchMethod>())
        {
            if (Name(candidate) == name)
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }
}
