namespace Gateway.Admin.Store.Rows;

internal sealed class MapRow
{
    public required string Id { get; set; }

    public List<MapEntryRow> Entries { get; set; } = [];
}
