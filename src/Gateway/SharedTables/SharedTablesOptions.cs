namespace Gateway.SharedTables;

/// <summary>
/// <c>Gateway:Redis</c>: where this node exchanges the counts of shared stick tables. Node-local (each node's own
/// settings, never in the shared document); every node of a cluster names the same Redis.
/// </summary>
public sealed class SharedTablesOptions
{
    public const string Section = "Gateway:Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>redis.example:6379,password=…</c>); without it shared tables count per node.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How often this node pushes what it counted and reads back the cluster's counts.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Entries updated on this node within this window are synced each round; older ones keep their last cluster counts until used again.</summary>
    public TimeSpan ActiveWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most entries of one table synced in a round (the most recently updated first), which bounds a round's work and Redis's.</summary>
    public int MaxEntriesPerRound { get; set; } = 4096;

    /// <summary>The prefix of every Redis key written, so several clusters can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "gateway:stick:";

    /// <summary>How long a Redis key lives after its last update when the table has no <c>expire</c>.</summary>
    public TimeSpan DefaultKeyLifetime { get; set; } = TimeSpan.FromHours(24);
}
