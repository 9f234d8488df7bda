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

    // The settings below came with issue 15. Rows written before them hold nulls, read as the defaults.

    /// <summary>client, server or a fixed host[:port]; null for client.</summary>
    public string? HostHeader { get; set; }

    public int? RetryCount { get; set; }

    public bool? RetryRedispatch { get; set; }

    /// <summary>The statuses as a JSON array, e.g. <c>[502,503]</c>; null for none.</summary>
    public string? RetryOnStatuses { get; set; }

    public bool? RetryNonIdempotent { get; set; }

    public int? RetryBufferLimit { get; set; }

    public long? RetryDeadlineTicks { get; set; }

    public bool? PassiveHealthEnabled { get; set; }

    public int? PassiveHealthConsecutiveFailures { get; set; }

    public bool? PassiveHealthCountServerErrors { get; set; }

    public long? PassiveHealthEjectionTicks { get; set; }

    public long? PassiveHealthMaxEjectionTicks { get; set; }

    public string? StickyCookie { get; set; }

    public int? MaxQueue { get; set; }

    public long? QueueTimeoutTicks { get; set; }

    /// <summary>never, aggressive or always; null for safe.</summary>
    public string? HttpReuse { get; set; }

    // The concurrency limit (issue 17): null MaxRequests means none, and then the other two are null too.

    public int? ConcurrencyMaxRequests { get; set; }

    public int? ConcurrencyMaxQueue { get; set; }

    public long? ConcurrencyQueueTimeoutTicks { get; set; }

    public bool BufferRequestBody { get; set; }
}
