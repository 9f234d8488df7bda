using Gateway.Admin.Store;
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

        Assert.Equal(["admin_users", "api_tokens", "clusters", "listeners", "revisions", "route_listeners", "routes", "servers", "sqlite_sequence"], tables);
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
        Assert.Equal(StoreMigrations.All[^1].Version, version);
        Assert.Equal("2026-11-01T00:00:00.000Z", Strings(upgraded, "SELECT value FROM store_info WHERE key = 'created_utc';").Single());
        Assert.Contains("revisions", Strings(upgraded, "SELECT name FROM sqlite_master WHERE type = 'table';"));
        Assert.Equal("ok", Strings(upgraded, "PRAGMA integrity_check;").Single());
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

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

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
