using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Store;

public class StoreMigrationsTests
{
    [Fact]
    public void MigratedSchema_EqualsTheSchemaTheModelCreates()
    {
        using var root = new TempDirectory();
        var migrated = Database(root.Path, "migrated.db");
        migrated.Initialize();
        var modelOnly = Database(root.Path, "model.db");
        var options = new DbContextOptionsBuilder<GatewayStoreContext>().UseSqlite($"Data Source={modelOnly.FilePath}").Options;
        using (var context = new GatewayStoreContext(options))
        {
            // The schema EF Core itself would create for the current model, with no migration step involved.
            context.Database.ExecuteSqlRaw(context.Database.GenerateCreateScript());
        }

        using var fromModel = modelOnly.Open();
        using var fromMigrations = migrated.Open();
        var tables = Strings(fromModel, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;");

        Assert.Equal(["admin_sessions", "admin_users", "api_tokens", "certificate_keys", "certificates", "clusters", "listener_certificates", "listeners", "map_entries", "maps", "revision_documents", "revisions", "route_listeners", "routes", "servers", "sqlite_sequence", "stick_tables"], tables);
        foreach (var table in tables)
        {
            Assert.Equal(Describe(fromModel, table), Describe(fromMigrations, table));
        }
    }

    [Fact]
    public void OlderDatabase_UpgradesInPlace_KeepingItsData()
    {
        using var root = new TempDirectory();
        var path = Path.Combine(root.Path, "old.db");
        using (var old = new SqliteConnection($"Data Source={path}"))
        {
            // What the first build that had a database created: schema step 1 only.
            old.Open();
            Execute(old, "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL);");
            Execute(old, StoreMigrations.All[0].Sql);
            Execute(old, "INSERT INTO schema_migrations VALUES (1, 'store metadata', '2026-11-01T00:00:00.000Z'); UPDATE store_info SET value = '2026-11-01T00:00:00.000Z';");
        }

        SqliteConnection.ClearAllPools();
        var version = Database(root.Path, "old.db").Initialize();

        using var upgraded = Database(root.Path, "old.db").Open();
        Assert.Equal(LatestMigration(), version);
        Assert.EndsWith("_Baseline", Strings(upgraded, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\";")[0], StringComparison.Ordinal);
        Assert.Equal("2026-11-01T00:00:00.000Z", Strings(upgraded, "SELECT value FROM store_info WHERE key = 'created_utc';").Single());
        Assert.Contains("revisions", Strings(upgraded, "SELECT name FROM sqlite_master WHERE type = 'table';"));
        Assert.Equal("ok", Strings(upgraded, "PRAGMA integrity_check;").Single());
    }

    [Fact]
    public async Task DatabaseFromBeforeRulesAndMaps_UpgradesInPlace_AndKeepsServing()
    {
        using var root = new TempDirectory();
        var document = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:8080" }],
            Routes = [new() { Id = "all", Cluster = "api", Path = "/{**rest}", Listeners = ["web"] }],
            Clusters = [new() { Id = "api", Servers = [new() { Id = "a1", Address = "http://10.0.0.1/" }] }],
        };
        Directory.CreateDirectory(Path.Combine(root.Path, "data"));
        using (var old = new SqliteConnection($"Data Source={Path.Combine(root.Path, "data", "gateway.db")}"))
        {
            // A store written by the build before step 4: schema steps 1 to 3 and one revision.
            old.Open();
            Execute(old, "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL);");
            foreach (var (version, name, sql) in StoreMigrations.All.Where(m => m.Version <= 3))
            {
                Execute(old, sql);
                Execute(old, $"INSERT INTO schema_migrations VALUES ({version}, '{name}', '2026-11-01T00:00:00.000Z');");
            }

            Execute(old, """
                INSERT INTO listeners (id, address, protocols) VALUES ('web', '127.0.0.1:8080', 1);
                INSERT INTO clusters (id, load_balancing, activity_timeout_ticks, max_connections_per_server) VALUES ('api', 'round-robin', NULL, NULL);
                INSERT INTO servers (cluster_id, id, address, state) VALUES ('api', 'a1', 'http://10.0.0.1/', 'ready');
                INSERT INTO routes (id, cluster_id, path, route_order, hosts, methods) VALUES ('all', 'api', '/{**rest}', NULL, '[]', '[]');
                INSERT INTO route_listeners (route_id, listener_id, position) VALUES ('all', 'web', 0);
                """);
            using var revision = old.CreateCommand();
            revision.CommandText = "INSERT INTO revisions VALUES (1, NULL, '2026-11-01T00:00:00.000Z', 'system', 'initial import', '3 added', '[]', $document);";
            revision.Parameters.AddWithValue("$document", CanonicalJson.Serialize(document));
            revision.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using var harness = StoreHarness.Create(root.Path);

        Assert.Equal(CanonicalJson.Serialize(document), harness.Store.ExportJson());
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
        var result = await harness.Store.CommitAsync(1,
            [ConfigOperation.Update(document.Listeners[0] with { Rules = "http-request deny", TarpitTimeout = TimeSpan.FromSeconds(3) }),
             ConfigOperation.Create(new MapConfig { Id = "hosts", Entries = [new("a", "b")] })],
            "alice", "after the upgrade");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
        using var upgraded = new SqliteConnection($"Data Source={harness.DatabasePath}");
        upgraded.Open();
        Assert.Equal(9, Rows(upgraded, "SELECT MAX(version) FROM schema_migrations;", r => r.GetInt32(0)).Single());
        var history = Strings(upgraded, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\";");
        Assert.EndsWith("_Baseline", history[0], StringComparison.Ordinal);
        Assert.Equal(LatestMigration(), history[^1]);
    }

    /// <summary>The newest migration this build has; an upgrade ends there.</summary>
    private static string LatestMigration()
    {
        using var context = new DesignTimeStoreContextFactory().CreateDbContext([]);
        return context.Database.GetMigrations().Last();
    }

    /// <summary>Columns, foreign keys and indexes of a table, as comparable text.</summary>
    private static List<string> Describe(SqliteConnection connection, string table)
    {
        var description = new List<string>();
        description.AddRange(Rows(connection, $"PRAGMA table_info('{table}');", r => $"column {r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
        description.AddRange(Rows(connection, $"PRAGMA foreign_key_list('{table}');", r => $"fk {r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}").Order(StringComparer.Ordinal));
        foreach (var index in Rows(connection, $"PRAGMA index_list('{table}');", r => (Name: r.GetString(1), Unique: r.GetInt64(2))).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var columns = string.Join(",", Rows(connection, $"PRAGMA index_info('{index.Name}');", r => r.GetString(2)));
            description.Add($"index unique={index.Unique} ({columns})");
        }

        description.AddRange(Rows(connection, $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}';", r => r.GetString(0))
            .SelectMany(sql => sql.Split('\n')).Where(line => line.Contains("COLLATE", StringComparison.Ordinal)).Select(line => "collation " + line.Trim().TrimEnd(',')));
        return description;
    }

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read) => SqliteRows.Read(connection, sql, read);

    private static List<string> Strings(SqliteConnection connection, string sql) => Rows(connection, sql, r => r.GetString(0));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static GatewayDatabase Database(string root, string file) =>
        new(Options.Create(new DatabaseOptions { Path = file }), new TestHostEnvironment(root));
}
