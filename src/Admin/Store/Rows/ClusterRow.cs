namespace Gateway.Admin.Store.Rows;

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

    public long? ConnectTimeoutTicks { get; set; }

    /// <summary>0 none, 1 v1, 2 v2 (<see cref="Core.Configuration.SendProxy"/>).</summary>
    public int SendProxy { get; set; }
}
