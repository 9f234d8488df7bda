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
    }

    public string Id { get; }

    public StickKeyType KeyType { get; }

    public int Size { get; }

    public TimeSpan? Expire { get; }

    /// <summary>The stored data types in the order written.</summary>
    public IReadOnlyList<StickDataSpec> Data { get; }

    /// <summary>Longs per entry for the stored data.</summary>
    internal int Stride { get; }

    public bool Stores(StickDataType type) => _offsets[(int)type] >= 0;

    /// <summary>Where the type sits in an entry's data, or -1 when the table does not keep it.</summary>
    internal int Offset(StickDataType type) => _offsets[(int)type];

    internal long PeriodMs(StickDataType type) => _periods[(int)type];

    /// <summary>Whether a table with this schema can keep the entries of a table with <paramref name="other"/>: same id, key type and store set.</summary>
    public bool KeepsEntriesOf(StickTableSchema other) =>
        string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase) && KeyType == other.KeyType && Data.SequenceEqual(other.Data);

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

        return errors.Count == before ? new StickTableSchema(config, data) : null;
    }

    /// <summary>The largest table a definition may ask for; a table's memory is bounded by its size.</summary>
    public const int MaxSize = 50_000_000;
}
