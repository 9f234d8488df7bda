namespace Gateway.Admin.Store.Rows;

/// <summary>A stick table's definition (its entries are runtime state and never stored).</summary>
internal sealed class StickTableRow
{
    public required string Id { get; set; }

    /// <summary>HAProxy's key type name: <c>ip</c>, <c>integer</c>, <c>string</c> or <c>binary</c>.</summary>
    public required string Type { get; set; }

    public int Size { get; set; }

    public long? ExpireTicks { get; set; }

    /// <summary>The stored data types as written, a JSON array of strings.</summary>
    public required string Store { get; set; }

    /// <summary>Whether the nodes count the table together through Redis.</summary>
    public bool Shared { get; set; }
}
