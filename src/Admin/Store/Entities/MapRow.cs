namespace Gateway.Admin.Store.Entities;

internal sealed class MapRow
{
    public required string Id { get; set; }

    public List<MapEntryRow> Entries { get; set; } = [];
}
