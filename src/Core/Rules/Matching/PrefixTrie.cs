namespace Gateway.Core.Rules.Matching;

/// <summary>
/// Finds every pattern that is a prefix of a value (or, built reversed, a suffix) in one walk
/// along the value, however many patterns there are. Each pattern carries tags.
/// </summary>
internal sealed class PrefixTrie
{
    private readonly Node _root;
    private readonly bool _ignoreCase;
    private readonly bool _reversed;

    public PrefixTrie(IEnumerable<(string Pattern, int Tag)> patterns, bool ignoreCase, bool reversed)
    {
        _ignoreCase = ignoreCase;
        _reversed = reversed;
        var root = new Builder();
        foreach (var (pattern, tag) in patterns)
        {
            var node = root;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = Fold(pattern[reversed ? pattern.Length - 1 - i : i]);
                if (!node.Children.TryGetValue(c, out var child))
                {
                    child = new Builder();
                    node.Children.Add(c, child);
                }

                node = child;
            }

            node.Tags.Add(tag);
        }

        _root = root.Freeze();
    }

    public bool MatchesAny(ReadOnlySpan<char> value)
    {
        Node? node = _root;
        for (var i = 0; node is not null; i++)
        {
            if (node.Tags is not null)
            {
                return true;
            }

            node = i < value.Length ? node.Child(Fold(value[_reversed ? value.Length - 1 - i : i])) : null;
        }

        return false;
    }

    public void Collect(ReadOnlySpan<char> value, ref TagSink sink)
    {
        Node? node = _root;
        for (var i = 0; node is not null; i++)
        {
            if (node.Tags is not null)
            {
                sink.Add(node.Tags);
            }

            node = i < value.Length ? node.Child(Fold(value[_reversed ? value.Length - 1 - i : i])) : null;
        }
    }

    // Upper case, as ordinal-ignore-case folds: -i then means the same for beg and end as for str and sub.
    private char Fold(char c) => _ignoreCase ? char.ToUpperInvariant(c) : c;

    private sealed class Node(char[] keys, Node[] children, int[]? tags)
    {
        public int[]? Tags { get; } = tags;

        public Node? Child(char c)
        {
            var index = keys.AsSpan().BinarySearch(c);
            return index >= 0 ? children[index] : null;
        }
    }

    private sealed class Builder
    {
        public SortedDictionary<char, Builder> Children { get; } = [];

        public List<int> Tags { get; } = [];

        public Node Freeze() => new([.. Children.Keys], [.. Children.Values.Select(c => c.Freeze())], Tags.Count > 0 ? [.. Tags] : null);
    }
}
