using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Admin.Store;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Store;

/// <summary>
/// The move from hand-written schema steps to EF Core migrations: the baseline migration creates what the last
/// step left, a database written by any step upgrades in place to the baseline and on to later migrations, and the
/// model has no change that no migration covers.
/// </summary>
public partial class EfMigrationsTests
{
    [Fact]
    public void Model_HasNoChangesThatNoMigrationCovers()
    {
        // Fails after a change to GatewayStoreContext's model until `dotnet ef migrations add <Name> --project src/Admin
        // --output-dir Store/Migrations --namespace Gateway.Admin.Store.Migrations` has generated its migration.
        using var context = new DesignTimeStoreContextFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "The store's model has changes no migration covers: add a migration with dotnet ef.");
    }

    [Fact]
    public void PostgresModel_HasNoChangesThatNoMigrationCovers()
    {
        // The PostgreSQL migrations are a set of their own (src/Admin/Store/Migrations/README.md): a model change
        // needs one in each set.
        using var context = new DesignTimePostgresStoreContextFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "The store's model has changes no PostgreSQL migration covers: add one with dotnet ef --context PostgresStoreContext (src/Admin/Store/Migrations/README.md).");
    }

    [Fact]
    public void HandWrittenSteps_AreTheOnesOldBuildsRan()
    {
        // Old databases are brought up with these steps, so they must stay byte for byte what shipped.
        var text = string.Join("\n--\n", StoreMigrations.All.Select(m => $"{m.Version} {m.Name}\n{m.Sql.ReplaceLineEndings("\n")}"));

        Assert.Equal(8, StoreMigrations.All.Count);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        Assert.True(hash == ShippedStepsSha256, $"The hand-written steps changed (SHA-256 {hash}); restore them as they shipped.");
    }

    private const string ShippedStepsSha256 = "0f4ead94435ae063fb855b802b1ae2612662f895dc8b14b59784171e1ce78def";

    [Fact]
    public void Baseline_CreatesExactlyTheSchemaOfTheLastHandWrittenStep()
    {
        using var root = new TempDirectory();
        var old = Path.Combine(root.Path, "old.db");
        OldBuild.Create(old, StoreMigrations.All[^1].Version);
        var fresh = Path.Combine(root.Path, "fresh.db");
        string baseline;
        using (var context = new GatewayStoreContext(new DbContextOptionsBuilder<GatewayStoreContext>().UseSqlite($"Data Source={fresh};Pooling=False").Options))
        {
            // The baseline alone: later migrations change the schema on from it.
            baseline = context.Database.GetMigrations().First();
            context.GetService<IMigrator>().Migrate(baseline);
        }

        Assert.EndsWith("_Baseline", baseline, StringComparison.Ordinal);
        var expected = Schema(old);
        Assert.Contains("table listeners fk FK_listeners_clusters_default_cluster_id deferred", expected);
        Assert.Contains(expected, line => line.StartsWith("trigger revisions_append_only_update", StringComparison.Ordinal));
        Assert.Equal(expected, Schema(fresh));
    }

    public static TheoryData<int> HandWrittenSteps() => [.. StoreMigrations.All.Select(m => m.Version)];

    [Theory]
    [MemberData(nameof(HandWrittenSteps))]
    public void DatabaseWrittenByHandWrittenSteps_UpgradesInPlaceToTheBaseline_ThenToLaterMigrations(int step)
    {
        using var root = new TempDirectory();
        var path = Path.Combine(root.Path, "gateway.db");
        OldBuild.Create(path, step);
        OldBuild.WriteData(path, step);
        var reference = Database(root.Path, "reference.db");
        reference.Initialize();

        var upgraded = Database(root.Path, "gateway.db", ProbeMigrationsAssembly.Use);
        var applied = upgraded.Initialize();

        Assert.Equal(ProbeMigration.Id, applied);
        var history = Strings(path, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\";");
        var migrations = Strings(reference.FilePath, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\";");
        Assert.EndsWith("_Baseline", history[0], StringComparison.Ordinal);
        Assert.Equal([.. migrations, ProbeMigration.Id], history);
        // The later migrations ran on the upgraded schema; apart from the probe, the schema is a fresh database's.
        Assert.Contains(Schema(path), line => line.StartsWith("table clusters column ", StringComparison.Ordinal) && line.EndsWith(" probe TEXT notnull=0 default= pk=0", StringComparison.Ordinal));
        Assert.Equal(Schema(reference.FilePath), Schema(path).Where(line => !line.Contains("probe", StringComparison.Ordinal)).ToList());
        Assert.Equal([.. Enumerable.Range(1, StoreMigrations.All[^1].Version), 9], Strings(path, "SELECT version FROM schema_migrations ORDER BY version;").Select(int.Parse));
        Assert.Equal("ok", Strings(path, "PRAGMA integrity_check;").Single());
        Assert.Empty(Strings(path, "PRAGMA foreign_key_check;"));
        // What the old build wrote is still there, and columns added since have their defaults.
        Assert.Equal("2026-11-01T00:00:00.000Z", Strings(path, "SELECT value FROM store_info WHERE key = 'created_utc';").Single());
        if (step >= 2)
        {
            Assert.Equal("api|a1|http://10.0.0.1/|ready|1|0", Strings(path, "SELECT cluster_id || '|' || id || '|' || address || '|' || state || '|' || weight || '|' || backup FROM servers;").Single());
            Assert.Equal("web|0|0|", Strings(path, "SELECT id || '|' || accept_proxy || '|' || mode || '|' || COALESCE(default_cluster_id, '') FROM listeners;").Single());
            Assert.Equal("initial import", Strings(path, "SELECT message FROM revisions;").Single());
        }

        if (step >= 3)
        {
            Assert.Equal("alice", Strings(path, "SELECT name FROM admin_users;").Single());
        }

        if (step >= 4)
        {
            Assert.Equal("hosts:a=b", Strings(path, "SELECT map_id || ':' || key || '=' || value FROM map_entries;").Single());
        }

        // And a second start changes nothing.
        Assert.Equal(ProbeMigration.Id, Database(root.Path, "gateway.db", ProbeMigrationsAssembly.Use).Initialize());
        Assert.Equal(history.Count, Strings(path, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\";").Count);
    }

    [Fact]
    public void FreshDatabase_IsRefusedByBuildsFromBeforeEfMigrations()
    {
        // The old builds read MAX(version) of schema_migrations and refused a database newer than their step 8.
        using var root = new TempDirectory();
        var database = Database(root.Path, "gateway.db");
        database.Initialize();

        Assert.Equal(9, int.Parse(Strings(database.FilePath, "SELECT MAX(version) FROM schema_migrations;").Single(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The schema as SQLite describes it, one fact a line: every table's columns (type, nullability, default, key,
    /// collation), foreign keys (actions, deferral), indexes, AUTOINCREMENT, and the triggers. EF's own bookkeeping
    /// tables are left out.
    /// </summary>
    private static List<string> Schema(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var facts = new List<string>();
        var tables = Rows(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '__EFMigrations%' AND name <> 'sqlite_sequence' ORDER BY name;", r => (Name: r.GetString(0), Sql: r.GetString(1)));
        foreach (var (table, sql) in tables)
        {
            facts.Add($"table {table}");
            facts.AddRange(Rows(connection, $"PRAGMA table_info('{table}');", r => $"table {table} column {r.GetInt64(0)} {r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} default={(r.IsDBNull(4) ? "" : r.GetString(4))} pk={r.GetInt64(5)}"));
            facts.AddRange(Collations().Matches(sql).Select(m => $"table {table} collation {m.Groups[1].Value} {m.Groups[2].Value}").Order(StringComparer.Ordinal));
            facts.AddRange(Rows(connection, $"PRAGMA foreign_key_list('{table}');", r => $"table {table} fk {r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on update {r.GetString(5)} on delete {r.GetString(6)} match {r.GetString(7)}").Order(StringComparer.Ordinal));
            facts.AddRange(Deferred().Matches(sql).Select(m => $"table {table} fk {m.Groups[1].Value} deferred").Order(StringComparer.Ordinal));
            if (sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase))
            {
                facts.Add($"table {table} autoincrement");
            }

            foreach (var index in Rows(connection, $"PRAGMA index_list('{table}');", r => (Name: r.GetString(1), Unique: r.GetInt64(2), Origin: r.GetString(3), Partial: r.GetInt64(4))).OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var columns = string.Join(",", Rows(connection, $"PRAGMA index_info('{index.Name}');", r => r.GetString(2)));
                // Automatic indexes of primary keys are named after their creation order; name the others.
                var name = index.Origin == "c" ? index.Name : index.Origin;
                facts.Add($"table {table} index {name} unique={index.Unique} partial={index.Partial} ({columns})");
            }
        }

        facts.AddRange(Rows(connection, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name;", r => $"trigger {r.GetString(0)} on {r.GetString(1)}: {Whitespace().Replace(r.GetString(2), " ")}"));
        facts.AddRange(Rows(connection, "SELECT key FROM store_info ORDER BY key;", r => $"store_info {r.GetString(0)}"));
        return facts;
    }

    [GeneratedRegex("\"(\\w+)\" TEXT COLLATE (\\w+)")]
    private static partial Regex Collations();

    [GeneratedRegex("CONSTRAINT \"(\\w+)\" REFERENCES [^,]*?DEFERRABLE INITIALLY DEFERRED")]
    private static partial Regex Deferred();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read) => SqliteRows.Read(connection, sql, read);

    private static List<string> Strings(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return Rows(connection, sql, r => Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
    }

    private static GatewayDatabase Database(string root, string file, Action<DbContextOptionsBuilder<GatewayStoreContext>>? configure = null) =>
        new(Options.Create(new DatabaseOptions { Path = file }), new TestHostEnvironment(root)) { ConfigureContext = configure };

    /// <summary>What the builds before EF Core migrations did to a database, step by step (their GatewayDatabase.Initialize).</summary>
    private static class OldBuild
    {
        public static void Create(string path, int lastStep)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL);");
            foreach (var (version, name, sql) in StoreMigrations.All.Where(m => m.Version <= lastStep))
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
            }
        }

        /// <summary>Rows in the columns the tables had at <paramref name="step"/>.</summary>
        public static void WriteData(string path, int step)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Execute(connection, "PRAGMA foreign_keys = ON; UPDATE store_info SET value = '2026-11-01T00:00:00.000Z';");
            if (step >= 2)
            {
                Execute(connection, """
                    INSERT INTO listeners (id, address, protocols) VALUES ('web', '127.0.0.1:8080', 1);
                    INSERT INTO clusters (id, load_balancing, activity_timeout_ticks, max_connections_per_server) VALUES ('api', 'round-robin', NULL, NULL);
                    INSERT INTO servers (cluster_id, id, address, state) VALUES ('api', 'a1', 'http://10.0.0.1/', 'ready');
                    INSERT INTO routes (id, cluster_id, path, route_order, hosts, methods) VALUES ('all', 'api', '/{**rest}', NULL, '[]', '[]');
                    INSERT INTO route_listeners (route_id, listener_id, position) VALUES ('all', 'web', 0);
                    INSERT INTO revisions VALUES (1, NULL, '2026-11-01T00:00:00.000Z', 'system', 'initial import', '3 added', '[]', '{}');
                    """);
            }

            if (step >= 3)
            {
                Execute(connection, "INSERT INTO admin_users (name, password_hash, role, created_utc) VALUES ('alice', 'x', 'admin', '2026-11-01T00:00:00.000Z');");
            }

            if (step >= 4)
            {
                Execute(connection, "INSERT INTO maps (id) VALUES ('hosts'); INSERT INTO map_entries (map_id, position, key, value) VALUES ('hosts', 0, 'a', 'b');");
            }
        }

        private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>A migration after the baseline, as the next schema change will be: it adds a nullable column.</summary>
[DbContext(typeof(GatewayStoreContext))]
[Migration(Id)]
public sealed class ProbeMigration : Migration
{
    public const string Id = "29991231000000_Probe";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "probe", table: "clusters", type: "TEXT", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "probe", table: "clusters");
}

/// <summary>The store's migrations plus <see cref="ProbeMigration"/>.</summary>
#pragma warning disable EF1001 // EF's own migrations assembly, extended: the supported way to add a migration that lives in another assembly.
internal sealed class ProbeMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    Microsoft.EntityFrameworkCore.Diagnostics.IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : Microsoft.EntityFrameworkCore.Migrations.Internal.MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    public static void Use(DbContextOptionsBuilder<GatewayStoreContext> options) =>
        options.ReplaceService<IMigrationsAssembly, ProbeMigrationsAssembly>();

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        new SortedDictionary<string, TypeInfo>(base.Migrations.ToDictionary(), StringComparer.Ordinal)
        {
            [ProbeMigration.Id] = typeof(ProbeMigration).GetTypeInfo(),
        };
}
#pragma warning restore EF1001
