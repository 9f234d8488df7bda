using Gateway.Admin.Store;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Store;

public class GatewayDatabaseTests
{
    [Fact]
    public void Initialize_FreshPath_CreatesFolderFileAndLatestSchema()
    {
        using var root = new TempDirectory();
        var database = Database(root.Path, "nested/deeper/gateway.db");

        var version = database.Initialize();

        Assert.True(File.Exists(Path.Combine(root.Path, "nested", "deeper", "gateway.db")));
        Assert.Equal(LatestMigration(database), version);
        using var connection = database.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(Migrations(database).Count, Convert.ToInt32(Scalar(connection, "SELECT COUNT(*) FROM \"__EFMigrationsHistory\";"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Open_EveryConnection_HasForeignKeysFullSyncAndBusyTimeout()
    {
        using var root = new TempDirectory();
        var database = Database(root.Path);
        database.Initialize();

        using var first = database.Open();
        using var second = database.Open();

        foreach (var connection in new[] { first, second })
        {
            Assert.Equal(1L, Scalar(connection, "PRAGMA foreign_keys;"));
            Assert.Equal(2L, Scalar(connection, "PRAGMA synchronous;")); // 2 = FULL
            Assert.Equal(5000L, Scalar(connection, "PRAGMA busy_timeout;"));
        }
    }

    [Fact]
    public void Open_ForeignKeyViolation_IsRefusedBySqlite()
    {
        using var root = new TempDirectory();
        var database = Database(root.Path);
        database.Initialize();
        using var connection = database.Open();
        Execute(connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parent(id));");

        var error = Assert.Throws<SqliteException>(() => Execute(connection, "INSERT INTO child (id, parent) VALUES (1, 42);"));

        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_Twice_IsIdempotentAndKeepsData()
    {
        using var root = new TempDirectory();
        var database = Database(root.Path);
        database.Initialize();
        string created;
        using (var connection = database.Open())
        {
            created = (string)Scalar(connection, "SELECT value FROM store_info WHERE key = 'created_utc';")!;
        }

        var version = Database(root.Path).Initialize();

        using var again = database.Open();
        Assert.Equal(LatestMigration(database), version);
        Assert.Equal(created, Scalar(again, "SELECT value FROM store_info WHERE key = 'created_utc';"));
        Assert.Equal(Migrations(database).Count, Convert.ToInt32(Scalar(again, "SELECT COUNT(*) FROM \"__EFMigrationsHistory\";"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Initialize_DatabaseFromNewerBuild_IsRefusedWithClearMessage()
    {
        using var root = new TempDirectory();
        var database = Database(root.Path);
        database.Initialize();
        using (var connection = database.Open())
        {
            Execute(connection, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('99990101000000_FromTheFuture', '99.0.0');");
        }

        var error = Assert.Throws<InvalidOperationException>(() => Database(root.Path).Initialize());

        Assert.Contains("has migration 99990101000000_FromTheFuture applied, which this build does not know", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ConcurrentReaderDuringWrite_SeesLastCommittedState()
    {
        using var root = new TempDirectory();
        var database = Database(root.Path);
        database.Initialize();
        using var writer = database.Open();
        using var reader = database.Open();
        Execute(writer, "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);");

        using var transaction = writer.BeginTransaction();
        using (var update = writer.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE t SET v = 2;";
            update.ExecuteNonQuery();
        }

        Assert.Equal(1L, Scalar(reader, "SELECT v FROM t;")); // WAL: the reader is not blocked and sees the committed value
        transaction.Commit();
        Assert.Equal(2L, Scalar(reader, "SELECT v FROM t;"));
    }

    private static GatewayDatabase Database(string contentRoot, string path = "data/gateway.db") =>
        new(Options.Create(new DatabaseOptions { Path = path }), new TestHostEnvironment(contentRoot));

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Migrations(GatewayDatabase database)
    {
        using var context = database.CreateContext();
        return [.. Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(context.Database)];
    }

    private static string LatestMigration(GatewayDatabase database) => Migrations(database)[^1];
}
