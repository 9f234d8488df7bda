namespace Gateway.Admin.Store.Entities;

internal sealed class ClusterRow
{
    public required string Id { get; set; }

    public required string LoadBalancing { get; set; }

    public long? ActivityTimeoutTicks { get; set; }

    public int? MaxConnectionsPerServer { get; set; }

    public List<ServerRow> Servers { get; set; } = [];

    public string? Rules { get; set; }
}
