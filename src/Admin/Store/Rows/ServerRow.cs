namespace Gateway.Admin.Store.Rows;

/// <summary>A server belongs to its cluster: deleting the cluster deletes its servers.</summary>
internal sealed class ServerRow
{
    public required string ClusterId { get; set; }

    public required string Id { get; set; }

    public required string Address { get; set; }

    /// <summary>ready, drain or maintenance.</summary>
    public required string State { get; set; }

    public int Weight { get; set; } = 1;

    public bool Backup { get; set; }

    public int? MaxConnections { get; set; }
}
