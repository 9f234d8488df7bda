namespace Gateway.Admin.Store.Entities;

internal sealed class ClusterRow
{
    public required string Id { get; set; }

    public required string LoadBalancing { get; set; }

    public long? ActivityTimeoutTicks { get; set; }

    public int? MaxConnectionsPerServer { get; set; }

    public List<ServerRow> Servers { get; set; } = [];

    public string? Rules { get; set; }

    /// <summary>Null when the cluster's servers are not health-checked; then the other health-check columns are null too.</summary>
    public string? HealthCheckPath { get; set; }

    public long? HealthCheckIntervalTicks { get; set; }

    public long? HealthCheckTimeoutTicks { get; set; }

    public int? HealthCheckRise { get; set; }

    public int? HealthCheckFall { get; set; }
}
