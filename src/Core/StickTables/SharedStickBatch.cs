namespace Gateway.Core.StickTables;

/// <summary>
/// One sync round of a shared table: the entries updated lately, with what this node counted since its last
/// push (<see cref="Deltas"/>), and room for the cluster's totals read back (<see cref="Totals"/>). Filled by
/// <see cref="StickTable.CollectShared"/>, sent by the sync, handed back to <see cref="StickTable.ApplyShared"/>.
/// Reused round after round, so a steady sync allocates nothing.
/// </summary>
/// <remarks>
/// Each shared type of an entry (<see cref="StickTableSchema.SharedData"/>, in that order) takes <see cref="Width"/>
/// longs in both arrays. A counter: deltas <c>(0, added, 0)</c>, totals <c>(0, cluster total, 0)</c>. A rate, its
/// periods numbered from the Unix epoch (Unix ms / period): deltas <c>(period, added in it, added in the one
/// before)</c>, totals <c>(period, its count, the previous period's count)</c> for the cluster's latest period.
/// </remarks>
public sealed class SharedStickBatch
{
    /// <summary>Longs per shared type in <see cref="Deltas"/> and <see cref="Totals"/>.</summary>
    public const int Width = 3;

    private StickKey[] _keys = [];
    private long[] _generations = [];
    private long[] _snapshots = [];
    private long[] _deltas = [];
    private long[] _totals = [];
    private int _perEntry;

    /// <summary>The schema the entries were read under; null before the first collection.</summary>
    public StickTableSchema? Schema { get; private set; }

    public int Count { get; private set; }

    public StickKey Key(int entry) => _keys[entry];

    public ReadOnlySpan<long> Deltas(int entry) => _deltas.AsSpan(entry * _perEntry, _perEntry);

    public Span<long> Totals(int entry) => _totals.AsSpan(entry * _perEntry, _perEntry);

    /// <summary>Whether this node counted anything for the entry since its last push.</summary>
    public bool HasDeltas(int entry)
    {
        var deltas = Deltas(entry);
        for (var i = 0; i < deltas.Length; i += Width)
        {
            if (deltas[i + 1] != 0 || deltas[i + 2] != 0)
            {
                return true;
            }
        }

        return false;
    }

    internal void Begin(StickTableSchema schema, int capacity)
    {
        Schema = schema;
        Count = 0;
        _perEntry = schema.SharedData.Count * Width;
        if (_keys.Length < capacity)
        {
            _keys = new StickKey[capacity];
            _generations = new long[capacity];
        }

        var longs = capacity * _perEntry;
        if (_deltas.Length < longs)
        {
            _snapshots = new long[longs];
            _deltas = new long[longs];
            _totals = new long[longs];
        }
    }

    /// <summary>Adds an entry; its snapshot (this node's counts when read) and deltas are written through the spans returned.</summary>
    internal int Add(in StickKey key, long generation)
    {
        var entry = Count++;
        _keys[entry] = key;
        _generations[entry] = generation;
        Totals(entry).Clear();
        return entry;
    }

    internal long Generation(int entry) => _generations[entry];

    internal Span<long> Snapshot(int entry) => _snapshots.AsSpan(entry * _perEntry, _perEntry);

    internal Span<long> WritableDeltas(int entry) => _deltas.AsSpan(entry * _perEntry, _perEntry);
}
