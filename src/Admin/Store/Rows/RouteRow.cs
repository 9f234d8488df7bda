namespace Gateway.Admin.Store.Rows;

internal sealed class RouteRow
{
    public required string Id { get; set; }

    /// <summary>References a cluster; a cluster with routes cannot be deleted.</summary>
    public required string ClusterId { get; set; }

    public string? Path { get; set; }

    public int? Order { get; set; }

    /// <summary>Host patterns as a JSON array (values, not references).</summary>
    public required string Hosts { get; set; }

    /// <summary>HTTP methods as a JSON array.</summary>
    public required string Methods { get; set; }

    public List<RouteListenerRow> Listeners { get; set; } = [];

    public string? Rules { get; set; }

    // The concurrency limit (issue 17): null MaxRequests means none, and then the other two are null too.

    public int? ConcurrencyMaxRequests { get; set; }

    public int? ConcurrencyMaxQueue { get; set; }

    public long? ConcurrencyQueueTimeoutTicks { get; set; }
}
