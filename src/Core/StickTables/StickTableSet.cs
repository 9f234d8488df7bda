using System.Collections.Frozen;
using Gateway.Core.Configuration;

namespace Gateway.Core.StickTables;

/// <summary>
/// The live tables of one snapshot, by id; rules find the table they name here. A new snapshot's set
/// reuses the tables of the one in force whose key type and store set are unchanged, so their entries
/// survive a commit; a new size or expiry is applied to them when the snapshot goes live
/// (<see cref="Activate"/>).
/// </summary>
public sealed class StickTableSet
{
    private readonly FrozenDictionary<string, StickTable> _tables;
    private readonly (StickTable Table, StickTableSchema Schema)[] _pending;

    private StickTableSet(IEnumerable<StickTable> tables, (StickTable, StickTableSchema)[] pending)
    {
        _tables = tables.ToFrozenDictionary(t => t.Schema.Id, StringComparer.OrdinalIgnoreCase);
        _pending = pending;
    }

    public StickTableSet(IEnumerable<StickTable> tables)
        : this(tables, [])
    {
    }

    public static StickTableSet Empty { get; } = new([]);

    public bool Any => _tables.Count > 0;

    public IEnumerable<StickTable> Tables => _tables.Values;

    public StickTable? Find(string id) => _tables.GetValueOrDefault(id);

    /// <summary>
    /// The tables for a validated document: the tables of <paramref name="current"/> that can keep their
    /// entries (same id, key type and store set), new ones for the rest. Nothing changes until <see cref="Activate"/>.
    /// </summary>
    public static StickTableSet Prepare(StickTableSet current, IEnumerable<StickTableConfig> configs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(configs);
        var tables = new List<StickTable>();
        var pending = new List<(StickTable, StickTableSchema)>();
        foreach (var config in configs)
        {
            var schema = StickTableSchema.TryCreate(config, []) ?? throw new ArgumentException($"Stick table '{config.Id}' is not valid; validate the document first.", nameof(configs));
            if (current.Find(config.Id) is { } live && schema.KeepsEntriesOf(live.Schema))
            {
                tables.Add(live);
                pending.Add((live, schema));
            }
            else
            {
                tables.Add(new StickTable(schema, time));
            }
        }

        return new StickTableSet(tables, [.. pending]);
    }

    /// <summary>Applies the new size and expiry of the tables kept from the previous snapshot; called when this set goes live.</summary>
    public void Activate()
    {
        foreach (var (table, schema) in _pending)
        {
            if (!ReferenceEquals(table.Schema, schema))
            {
                table.Reconfigure(schema);
            }
        }
    }
}
