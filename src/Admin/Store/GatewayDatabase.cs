using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Store;

/// <summary>
/// The database behind the config store: a SQLite file (one node), or a PostgreSQL database that several nodes share
/// (<see cref="DatabaseOptions.Provider"/>; what differs is in GatewayDatabase.Postgres.cs). Every SQLite
/// connection is opened here, so every connection gets the same settings: WAL (readers never block the writer),
/// synchronous=FULL (a commit that returned survives a power cut), foreign keys enforced, and a busy timeout.
/// </summary>
internal sealed partial class GatewayDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly Lock _initializing = new();
    private string? _schema;

    public GatewayDatabase(IOptions<DatabaseOptions> options, Microsoft.Extensions.Hosting.IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        FilePath = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
        Retention = options.Value.Retention;
        if (options.Value.IsPostgres)
        {
            _connectionString = string.IsNullOrWhiteSpace(options.Value.ConnectionString)
                ? throw new InvalidOperationException($"{DatabaseOptions.Section}:Provider is postgres, but {DatabaseOptions.Section}:ConnectionString is empty; set it to an Npgsql connection string (Host=…;Database=…;Username=…).")
                : options.Value.ConnectionString;
            IsPostgres = true;
            return;
        }

        if (!string.Equals(options.Value.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:Provider '{options.Value.Provider}' is not a store provider; use sqlite (the default) or postgres.");
        }

        _busyTimeoutMs = (int)options.Value.BusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>True for a PostgreSQL store shared by several nodes.</summary>
    public bool IsPostgres { get; }

    /// <summary>True once this process has created or upgraded the schema.</summary>
    public bool IsInitialized => Volatile.Read(ref _schema) is not null;

    /// <summary>Creates or upgrades the schema on first call, whoever calls first; returns the last migration applied.</summary>
    /// <remarks>A failure is not remembered (as <see cref="Lazy{T}"/> would): a shared database unreachable at start is tried again on the next call.</remarks>
    public string EnsureInitialized()
    {
        if (Volatile.Read(ref _schema) is { } done)
        {
            return done;
        }

        lock (_initializing)
        {
            if (_schema is null)
            {
                Volatile.Write(ref _schema, Initialize());
            }

            return _schema!;
        }
    }

    /// <summary>The SQLite file; for PostgreSQL, its folder is still the node's own data folder (the local snapshot copy).</summary>
    public string FilePath { get; }

    /// <summary>How long revision documents are kept (<see cref="RevisionRetention"/>).</summary>
    public RetentionOptions Retention { get; }

    /// <summary>Where the store is, for the start-up banner: a file, or a PostgreSQL host and database (never a password).</summary>
    public string Describe() => IsPostgres ? DescribePostgres() : FilePath;

    /// <summary>True when nothing of the store exists yet here: a SQLite file not created. A shared database always counts as existing.</summary>
    public bool IsAbsent => !IsPostgres && !IsInitialized && !File.Exists(FilePath);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = ConnectionPragmas;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Run on every connection, raw or EF Core's.</summary>
    private string ConnectionPragmas => $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

    /// <summary>A context over a new connection with the store's settings; dispose it when done.</summary>
    internal GatewayStoreContext CreateContext()
    {
        EnsureInitialized();
        return NewContext();
    }

    private GatewayStoreContext NewContext()
    {
        if (IsPostgres)
        {
            return NewPostgresContext();
        }

        var options = new DbContextOptionsBuilder<GatewayStoreContext>()
            .UseSqlite(_connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor(ConnectionPragmas));
        ConfigureContext?.Invoke(options);
        return new(options.Options);
    }

    /// <summary>For tests: bends the contexts this opens (a later migration to apply, say).</summary>
    internal Action<DbContextOptionsBuilder<GatewayStoreContext>>? ConfigureContext { get; init; }

    /// <summary>The row <c>schema_migrations</c> gets when EF Core migrations take over (see <see cref="StoreMigrations"/>).</summary>
    internal const string BaselineMarkerSql = """
        INSERT INTO schema_migrations (version, name, applied_utc)
        VALUES (9, 'EF Core migrations from here on (__EFMigrationsHistory)', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        """;

    /// <summary>
    /// The database holds password and token hashes and the sessions: it is created readable and writable by this
    /// account only (mode 0600), and a file an older build created more open is narrowed. SQLite creates the WAL and
    /// shared-memory files with the database file's mode; existing ones are narrowed too.
    /// </summary>
    private void OwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(FilePath))
        {
            using var created = new FileStream(FilePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly });
        }

        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm", FilePath + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~ownerOnly) != 0)
            {
                File.SetUnixFileMode(file, ownerOnly);
            }
        }
    }

    /// <summary>
    /// Creates the file and its folder if needed, switches it to WAL, and applies pending EF Core migrations
    /// (Store/Migrations). A database written by a build from before them (hand-written steps in
    /// <c>schema_migrations</c>) is first brought to the last of those steps, whose schema is the baseline
    /// migration's, and the baseline is recorded as applied.
    /// </summary>
    /// <returns>The id of the last migration applied.</returns>
    public string Initialize()
    {
        if (IsPostgres)
        {
            return InitializePostgres();
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
        OwnerOnly();
        using (var connection = Open())
        {
            Execute(connection, "PRAGMA journal_mode = WAL;");
        }

        using var context = NewContext();
        var known = context.Database.GetMigrations().ToList();
        var applied = context.Database.GetAppliedMigrations().ToList();
        RefuseUnknownMigrations(FilePath, known, applied);

        if (applied.Count == 0)
        {
            UpgradeHandWrittenSchema(known[0]);
        }

        context.Database.Migrate();
        return context.Database.GetAppliedMigrations().Last();
    }

    private static void RefuseUnknownMigrations(string where, List<string> known, List<string> applied)
    {
        if (applied.Except(known, StringComparer.Ordinal).FirstOrDefault() is { } unknown)
        {
            throw new InvalidOperationException($"The database {where} has migration {unknown} applied, which this build does not know (its latest is {known[^1]}); run a newer gateway or restore an older database.");
        }
    }

    /// <summary>
    /// A database from before EF Core migrations: applies the hand-written steps it lacks, then records
    /// <paramref name="baseline"/>, whose schema equals the last step's, as applied. Nothing to do for a new file.
    /// </summary>
    private void UpgradeHandWrittenSchema(string baseline)
    {
        using var connection = Open();
        if (Scalar(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';") is null)
        {
            return;
        }

        var current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;"), System.Globalization.CultureInfo.InvariantCulture);
        var last = StoreMigrations.All[^1].Version;
        if (current > last)
        {
            throw new InvalidOperationException($"The database {FilePath} has schema version {current} but no EF Core migration history; it was not written by any gateway build this one knows.");
        }

        foreach (var (version, name, sql) in StoreMigrations.All.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            Record(connection, transaction, version, name);
            transaction.Commit();
        }

        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
                    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
                    "ProductVersion" TEXT NOT NULL
                );
                """, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ($id, $product);";
            record.Parameters.AddWithValue("$id", baseline);
            record.Parameters.AddWithValue("$product", ProductVersion);
            record.ExecuteNonQuery();
            Execute(connection, BaselineMarkerSql, transaction);
            transaction.Commit();
        }
    }

    /// <summary>EF Core's version, as it records it beside each migration it applies.</summary>
    private static string ProductVersion { get; } =
        typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    private static void Record(SqliteConnection connection, SqliteTransaction transaction, int version, string name)
    {
        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = "INSERT INTO schema_migrations (version, name, applied_utc) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
        record.Parameters.AddWithValue("$v", version);
        record.Parameters.AddWithValue("$n", name);
        record.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
