using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Store;

/// <summary>
/// The SQLite file behind the config store. Every connection is opened here, so every connection
/// gets the same settings: WAL (readers never block the writer), synchronous=FULL (a commit that
/// returned survives a power cut), foreign keys enforced, and a busy timeout.
/// </summary>
internal sealed class GatewayDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly Lazy<int> _schema;

    public GatewayDatabase(IOptions<DatabaseOptions> options, Microsoft.Extensions.Hosting.IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        FilePath = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
        _busyTimeoutMs = (int)options.Value.BusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _schema = new Lazy<int>(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True once this process has created or upgraded the schema.</summary>
    public bool IsInitialized => _schema.IsValueCreated;

    /// <summary>Creates or upgrades the schema on first call, whoever calls first; returns the schema version.</summary>
    public int EnsureInitialized() => _schema.Value;

    public string FilePath { get; }

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
        return new(new DbContextOptionsBuilder<GatewayStoreContext>()
            .UseSqlite(_connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor(ConnectionPragmas))
            .Options);
    }

    /// <summary>Creates the file and its folder if needed, switches it to WAL, and applies pending schema steps.</summary>
    /// <returns>The schema version after migrating.</returns>
    public int Initialize()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL);");

        var current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;"), System.Globalization.CultureInfo.InvariantCulture);
        var latest = StoreMigrations.All.Count == 0 ? 0 : StoreMigrations.All[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException($"The database {FilePath} has schema version {current}, newer than this build knows ({latest}); run a newer gateway or restore an older database.");
        }

        foreach (var (version, name, sql) in StoreMigrations.All.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_utc) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            record.ExecuteNonQuery();
            transaction.Commit();
            current = version;
        }

        return current;
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
