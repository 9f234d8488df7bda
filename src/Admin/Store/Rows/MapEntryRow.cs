namespace Gateway.Admin.Store.Rows;

/// <summary>
/// One entry of a map, owned by it: deleting the map deletes its entries. Position keeps the
/// entries' order; a key appears once per map and compares exactly (case-sensitive).
/// </summary>
internal sealed class MapEntryRow
{
    public required string MapId { get; set; }

    public int Position { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
