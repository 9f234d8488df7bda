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

    internal bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
