namespace Gateway.Admin.Store;

/// <summary><c>Gateway:Database</c>: where the config store lives.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Gateway:Database";

    /// <summary>The value of <see cref="Provider"/> for a local SQLite file (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The value of <see cref="Provider"/> for a PostgreSQL database that several nodes share.</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (one node, a file at <see cref="Path"/>) or <c>postgres</c> (any number of nodes, at <see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>For <c>postgres</c>: an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite file; a relative path is under the content root. Created with its folder on first start.</summary>
    public string Path { get; set; } = "data/gateway.db";

    /// <summary>How long a writer waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long revisions keep their documents; everything by default.</summary>
    public RetentionOptions Retention { get; set; } = new();

    internal bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// <c>Gateway:Database:Retention</c>: how long revisions keep their documents. Nothing is pruned by default. With a
/// bound set, a revision's document is removed once it is outside every bound set (older than the last
/// <see cref="KeepRevisions"/> revisions and older than <see cref="KeepDays"/> days); its history line (author,
/// time, message, summary) and its entity changes with their before and after images are always kept, so the
/// audit trail stays whole. A pruned revision can no longer be read, diffed or rewound to.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Keep the documents of at least this many latest revisions; 0 means no bound by count.</summary>
    public int KeepRevisions { get; set; }

    /// <summary>Keep the documents of revisions committed in the last this many days; 0 means no bound by age.</summary>
    public int KeepDays { get; set; }

    public bool IsSet => KeepRevisions > 0 || KeepDays > 0;
}
