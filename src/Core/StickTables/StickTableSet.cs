using System.Collections.Frozen;

namespace Gateway.Core.StickTables;

/// <summary>The live tables of one snapshot, by id; rules find the table they name here.</summary>
public sealed class StickTableSet
{
    private readonly FrozenDictionary<string, StickTable> _tables;

    public StickTableSet(IEnumerable<StickTable> tables) =>
        _tables = tables.ToFrozenDictionary(t => t.Schema.Id, StringComparer.OrdinalIgnoreCase);

    public static StickTableSet Empty { get; } = new([]);

    public IEnumerable<StickTable> Tables => _tables.Values;

    public StickTable? Find(string id) => _tables.GetValueOrDefault(id);
}
