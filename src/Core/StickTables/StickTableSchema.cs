using Gateway.Core.Configuration;

namespace Gateway.Core.StickTables;

/// <summary>
/// A valid table definition read from its <see cref="StickTableConfig"/>: key type, size, expiry,
/// and where each stored data type sits in an entry. Two schemas with the same key type and store
/// set keep the same entries (<see cref="KeepsEntriesOf"/>); size and expiry may change under them.
/// </summary>
public sealed class StickTableSchema
{
    private readonly int[] _offsets;
    private readonly long[] _periods;
    private readonly int[] _syncOffsets;

    private StickTableSchema(StickTableConfig config, IReadOnlyList<StickDataSpec> data)
    {
        Id = config.Id;
        KeyType = config.Type;
        Size = config.Size;
        Expire = config.Expire;
        Data = data;
        _offsets = new int[Enum.GetValues<StickDataType>().Length];
        _periods = new long[_offsets.Length];
        Array.Fill(_offsets, -1);
        var stride = 0;
        foreach (var spec in data)
        {
            _offsets[(int)spec.Type] = stride;
            _periods[(int)spec.Type] = (long)spec.Period.TotalMilliseconds;
            stride += StickDataTypes.IsRate(spec.Type) ? FreqCounter.Slots : 1;
        }

        Stride = stride;
        Shared = config.Shared;
        _syncOffsets = new int[_offsets.Length];
        Array.Fill(_syncOffsets, -1);
        SharedData = config.Shared ? [.. data.Where(d => StickDataTypes.IsShareable(d.Type))] : [];
        if (Shared)
        {
            // After the data: the entry's generation (moved on by every reset), then each shared type's sync slots.
            GenerationOffset = stride++;
            foreach (var spec in SharedData)
            {
                _syncOffsets[(int)spec.Type] = stride;
                stride += StickDataTypes.IsRate(spec.Type) ? SharedSlots.Rate : SharedSlots.Counter;
            }
        }

        EntryStride = stride;
    }

    public string Id { get; }

    public StickKeyType KeyType { get; }

    public int Size { get; }

    public TimeSpan? Expire { get; }

    /// <summary>The stored data types in the order written.</summary>
    public IReadOnlyList<StickDataSpec> Data { get; }

    /// <summary>Longs per entry for the stored data.</summary>
    internal int Stride { get; }

    /// <summary>Longs per entry in all: the stored data, then (in a shared table) what the sync keeps per entry.</summary>
    internal int EntryStride { get; }

    /// <summary>Whether the table is counted across nodes (<see cref="StickTableConfig.Shared"/>).</summary>
    public bool Shared { get; }

    /// <summary>The stored types the nodes of a shared table count together, in the order written; empty when the table is not shared.</summary>
    public IReadOnlyList<StickDataSpec> SharedData { get; }

    /// <summary>Where a shared entry's generation sits (see <see cref="SharedSlots"/>).</summary>
    internal int GenerationOffset { get; } = -1;

    /// <summary>Where a shared type's sync slots sit in an entry, or -1 when the type is not shared.</summary>
    internal int SyncOffset(StickDataType type) => _syncOffsets[(int)type];

    public bool Stores(StickDataType type) => _offsets[(int)type] >= 0;

    /// <summary>Where the type sits in an entry's data, or -1 when the table does not keep it.</summary>
    internal int Offset(StickDataType type) => _offsets[(int)type];

    internal long PeriodMs(StickDataType type) => _periods[(int)type];

    /// <summary>Whether a table with this schema can keep the entries of a table with <paramref name="other"/>: same id, key type and store set.</summary>
    public bool KeepsEntriesOf(StickTableSchema other) =>
        string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase) && KeyType == other.KeyType && Data.SequenceEqual(other.Data) && Shared == other.Shared;

    /// <summary>Reads a table definition; each problem goes to <paramref name="errors"/> as (field, message).</summary>
    public static StickTableSchema? TryCreate(StickTableConfig config, List<(string Field, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        var before = errors.Count;
        if (config.Size < 1 || config.Size > MaxSize)
        {
            errors.Add(("size", $"The size must be from 1 to {MaxSize:N0} entries; found {config.Size}."));
        }

        if (config.Expire is { } expire && (expire < TimeSpan.FromMilliseconds(1) || expire > TimeSpan.FromDays(24)))
        {
            errors.Add(("expire", "The expiry must be from 1ms to 24d, or left out to keep entries until they are evicted."));
        }

        var data = new List<StickDataSpec>();
        for (var i = 0; i < config.Store.Count; i++)
        {
            if (!StickDataSpec.TryParse(config.Store[i], out var spec, out var error))
            {
                errors.Add(($"store[{i}]", error!));
            }
            else if (data.Any(d => d.Type == spec.Type))
            {
                errors.Add(($"store[{i}]", $"'{StickDataTypes.Name(spec.Type)}' is stored twice; keep one."));
            }
            else
            {
                data.Add(spec);
            }
        }

        if (config.Shared && errors.Count == before && !data.Any(d => StickDataTypes.IsShareable(d.Type)))
        {
            errors.Add(("shared", "A shared table counts its counters and rates across the nodes, but this one stores none (conn_cur, gpt0 and server_id stay per node); store a counter or a rate, e.g. http_req_rate(10s), or leave it unshared."));
        }

        return errors.Count == before ? new StickTableSchema(config, data) : null;
    }

    /// <summary>The largest table a definition may ask for; a table's memory is bounded by its size.</summary>
    public const int MaxSize = 50_000_000;
}
