using System.Collections.Frozen;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// One sample's patterns from many rules in one lookup structure (hash set, trie or CIDR table),
/// each pattern tagged with the rules it belongs to, so evaluating many rules on the same fetch
/// costs one fetch and one lookup.
/// </summary>
internal sealed class RuleIndex
{
    private readonly CompiledSample _sample;
    private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>>? _exact;
    private readonly PrefixTrie? _trie;
    private readonly CidrTable? _networks;

    public RuleIndex(CompiledSample sample, FrozenDictionary<string, int[]> exact)
    {
        _sample = sample;
        _exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public RuleIndex(CompiledSample sample, PrefixTrie trie)
    {
        _sample = sample;
        _trie = trie;
    }

    public RuleIndex(CompiledSample sample, CidrTable networks)
    {
        _sample = sample;
        _networks = networks;
    }

    public CompiledSample Sample => _sample;

    /// <summary>Adds the positions of every rule whose pattern matches any value of the sample.</summary>
    public void Collect(RuleSession session, ref TagSink sink)
    {
        for (var i = 0; ; i++)
        {
            var status = _sample.Evaluate(session, i, out var value);
            if (status == SampleStatus.Absent)
            {
                return;
            }

            if (status == SampleStatus.Value)
            {
                Lookup(value, ref sink);
            }

            if (!_sample.MultiValued)
            {
                return;
            }
        }
    }

    private void Lookup(in Sample value, ref TagSink sink)
    {
        if (_networks is not null)
        {
            if (value.TryGetAddress(out var address))
            {
                _networks.Collect(address!, ref sink);
            }

            return;
        }

        var text = value.AsText().Span;
        if (_exact is { } exact)
        {
            if (exact.TryGetValue(text, out var tags))
            {
                sink.Add(tags);
            }

            return;
        }

        _trie!.Collect(text, ref sink);
    }
}
