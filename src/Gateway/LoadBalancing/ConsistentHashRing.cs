using System.Globalization;

namespace Gateway.LoadBalancing;

/// <summary>
/// Consistent hashing (HAProxy's <c>hash-type consistent</c>): each server owns points on a ring
/// in proportion to its weight, and a key goes to the owner of the first point at or after the
/// key's hash. Adding or removing a server moves only the keys of the points it gains or loses,
/// about 1/N of them. The ring holds every server that could take traffic, whatever its health:
/// a server that is down or already tried is skipped by walking on, so a server's outage moves
/// only its own keys, and they come back when it does.
/// </summary>
internal sealed class ConsistentHashRing
{
    /// <summary>Points per unit of weight: enough that shares stay within a few percent of the weights.</summary>
    public const int PointsPerWeight = 100;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    public ConsistentHashRing(IReadOnlyList<string> serverIds, IReadOnlyList<int> weights)
    {
        ServerIds = serverIds;
        var entries = new List<(ulong Point, int Owner)>();
        for (var i = 0; i < serverIds.Count; i++)
        {
            var id = serverIds[i].ToLowerInvariant();
            for (var n = 0; n < weights[i] * PointsPerWeight; n++)
            {
                entries.Add((StableHash.Of(id + "#" + n.ToString(CultureInfo.InvariantCulture)), i));
            }
        }

        entries.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Owner.CompareTo(b.Owner));
        _points = entries.ConvertAll(e => e.Point).ToArray();
        _owners = entries.ConvertAll(e => e.Owner).ToArray();
    }

    public IReadOnlyList<string> ServerIds { get; }

    /// <summary>
    /// The index (in <see cref="ServerIds"/>) of the server that owns <paramref name="hash"/>,
    /// walking past servers <paramref name="usable"/> refuses; -1 when it refuses them all.
    /// </summary>
    public int Find<TState>(ulong hash, TState state, Func<TState, int, bool> usable)
    {
        if (_points.Length == 0)
        {
            return -1;
        }

        var start = Array.BinarySearch(_points, hash);
        if (start < 0)
        {
            start = ~start;
        }

        var refused = 0UL; // servers already refused, when there are at most 64 (enough for a cluster; beyond, they are asked again)
        for (var step = 0; step < _points.Length; step++)
        {
            var owner = _owners[(start + step) % _points.Length];
            var bit = owner < 64 ? 1UL << owner : 0;
            if ((refused & bit) != 0)
            {
                continue;
            }

            if (usable(state, owner))
            {
                return owner;
            }

            refused |= bit;
            if (BitCount(refused) == ServerIds.Count)
            {
                return -1;
            }
        }

        return -1;
    }

    private static int BitCount(ulong value) => System.Numerics.BitOperations.PopCount(value);
}
