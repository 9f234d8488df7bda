namespace Gateway.Core.Rules.Matching;

/// <summary>Collects the tags (rule positions, map entries) of every pattern a value matched, into a reusable array.</summary>
internal struct TagSink(int[] buffer)
{
    public int[] Buffer { get; private set; } = buffer;

    public int Count { get; private set; }

    public void Add(int[] tags)
    {
        if (Count + tags.Length > Buffer.Length)
        {
            var larger = new int[Math.Max(Buffer.Length * 2, Count + tags.Length)];
            Buffer.AsSpan(0, Count).CopyTo(larger);
            Buffer = larger;
        }

        tags.CopyTo(Buffer, Count);
        Count += tags.Length;
    }

    public readonly ReadOnlySpan<int> Tags => Buffer.AsSpan(0, Count);
}
