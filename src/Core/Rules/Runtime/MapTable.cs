using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// A map compiled for one lookup method. Exact lookups are a hash lookup; prefix, suffix and
/// network lookups walk one structure and return the earliest entry that matches; regex lookups
/// try entries in order.
/// </summary>
internal sealed class MapTable
{
    private readonly string[] _values;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _exact;
    private readonly PrefixTrie? _trie;
    private readonly CidrTable? _networks;
    private readonly Regex[]? _regexes;

    /// <exception cref="RuleCompileException">A key cannot be used with this method (not a network, not a regex).</exception>
    public MapTable(MapConfig map, string method)
    {
        _values = [.. map.Entries.Select(e => e.Value)];
        var keys = map.Entries.Select((e, i) => (e.Key, i)).ToList();
        switch (method)
        {
            case "map" or "map_str":
                _exact = keys.DistinctBy(k => k.Key).ToFrozenDictionary(k => k.Key, k => k.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
                break;
            case "map_beg" or "map_end":
                _trie = new PrefixTrie(keys, ignoreCase: false, reversed: method == "map_end");
                break;
            case "map_ip":
                _networks = new CidrTable(keys.Select(k => CidrTable.TryParseNetwork(k.Key, out var n)
                    ? (n, k.i)
                    : throw new RuleCompileException($"Map '{map.Id}' has the key '{k.Key}', which is not an IP address or network, so map_ip cannot use it.", found: k.Key, expected: "an IP address or network")));
                break;
            default:
                _regexes = [.. keys.Select(k => RuleRegex.Create(k.Key, ignoreCase: false))];
                break;
        }
    }

    public static IReadOnlyList<string> Methods { get; } = ["map", "map_str", "map_beg", "map_end", "map_reg", "map_ip"];

    public bool TryLookup(RuleSession session, in Sample sample, out string value)
    {
        var index = Find(session, sample);
        value = index >= 0 ? _values[index] : "";
        return index >= 0;
    }

    private int Find(RuleSession session, in Sample sample)
    {
        if (_networks is not null)
        {
            if (!sample.TryGetAddress(out var address))
            {
                return -1;
            }

            var sink = new TagSink(session.LookupBuffer);
            _networks.Collect(address!, ref sink);
            return Earliest(sink.Tags);
        }

        var text = sample.AsText();
        if (_exact is { } exact)
        {
            return exact.TryGetValue(text.Span, out var i) ? i : -1;
        }

        if (_trie is not null)
        {
            var sink = new TagSink(session.LookupBuffer);
            _trie.Collect(text.Span, ref sink);
            return Earliest(sink.Tags);
        }

        for (var i = 0; i < _regexes!.Length; i++)
        {
            if (RuleRegex.IsMatch(_regexes[i], text.Span))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The earliest entry among those that matched, or -1.</summary>
    private static int Earliest(ReadOnlySpan<int> tags)
    {
        var first = -1;
        foreach (var tag in tags)
        {
            first = first < 0 ? tag : Math.Min(first, tag);
        }

        return first;
    }
}
