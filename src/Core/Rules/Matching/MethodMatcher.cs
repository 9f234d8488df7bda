using System.Collections.Frozen;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Matching;

/// <summary>
/// <c>method -i …</c> as HAProxy matches it: a request with a known method (GET, POST…) matches only
/// a pattern naming that method exactly, so <c>-i get</c> does not match <c>GET</c>; other methods
/// are compared as text, where <c>-i</c> applies.
/// </summary>
internal sealed class MethodMatcher(IReadOnlyList<string> patterns) : SampleMatcher
{
    private static readonly FrozenSet<string> Known = FrozenSet.Create(StringComparer.Ordinal, "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE");

    private readonly StrMatcher _exact = new(patterns, ignoreCase: false);
    private readonly StrMatcher _text = new(patterns, ignoreCase: true);

    public override bool Match(in Sample sample) =>
        Known.GetAlternateLookup<ReadOnlySpan<char>>().Contains(sample.AsText().Span) ? _exact.Match(sample) : _text.Match(sample);
}
