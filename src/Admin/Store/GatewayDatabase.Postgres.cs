using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gateway.Admin.Store;

/// <summary>
/// What a PostgreSQL store does differently from a SQLite file. Several nodes share the database, so: migrations are
/// applied under a session advisory lock by whichever node starts first (the others wait, then find nothing to do);
/// every commit takes a transaction advisory lock before it reads the latest revision, so two nodes committing on
/// the same base are serialized and exactly one wins (SQLite gets the same from <c>BEGIN IMMEDIATE</c>); and a
/// commit notifies <see cref="RevisionChannel"/> with its number, delivered to the listening nodes when it commits.
/// </summary>
internal sealed partial class GatewayDatabase
{
    /// <summary>The LISTEN/NOTIFY channel a commit announces its revision number on.</summary>
    public const string RevisionChannel = "gateway_revisions";

    // Advisory lock keys: any two bigints the store owns. "GWMIGRAT" and "GWCOMMIT" in ASCII.
    private const long MigrationLockKey = 0x47574D4947524154;
    private const long CommitLockKey = 0x4757434F4D4D4954;

    // "GWACCNTS": admin accounts (users, roles, passwords, tokens).
    private const long AccountsLockKey = 0x47574143434E5453;

    /// <summary>The PostgreSQL connection string (for the node's LISTEN connection).</summary>
    public string ConnectionString => _connectionString;

    private PostgresStoreContext NewPostgresContext()
    {
        var options = new DbContextOptionsBuilder<PostgresStoreContext>().UseNpgsql(_connectionString);
        return new PostgresStoreContext(options.Options);
    }

    private string DescribePostgres()
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString);
        return $"postgres {builder.Host}:{builder.Port}/{builder.Database}";
    }

    private string InitializePostgres()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey});", connection))
        {
            lockCommand.ExecuteNonQuery();
        }

        try
        {
            using var context = NewPostgresContext();
            RefuseUnknownMigrations(DescribePostgres(), [.. context.Database.GetMigrations()], [.. context.Database.GetAppliedMigrations()]);
            context.Database.Migrate();
            return context.Database.GetAppliedMigrations().Last();
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey});", connection);
            unlock.ExecuteNonQuery();
        }
    }

    /// <summary>In a commit's transaction, before it reads the latest revision: waits for any other node's commit to end.</summary>
    public async Task LockForCommitAsync(GatewayStoreContext db, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({CommitLockKey});", cancellationToken);
        }
    }

    /// <summary>
    /// In an account write's transaction, before it reads what it checks: waits for any other node's account write to
    /// end, so "not the last admin", "the name is free" and "no more rights than the owner" still hold when the write
    /// lands, as they do on SQLite, whose transactions take the writer's lock at once.
    /// </summary>
    public async Task LockForAccountsAsync(GatewayStoreContext db, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AccountsLockKey});", cancellationToken);
        }
    }

    /// <summary>In a commit's transaction: tells the listening nodes about revision <paramref name="number"/> once it commits.</summary>
    public async Task NotifyCommitAsync(GatewayStoreContext db, long number, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RevisionChannel}, {number.ToString(System.Globalization.CultureInfo.InvariantCulture)});", cancellationToken);
        }
    }

    /// <summary>True when <paramref name="exception"/> says the database cannot be reached (as opposed to a query it refused).</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException
            || npgsql is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "08001" or "08004" },
        InvalidOperationException { InnerException: { } inner } => IsUnreachable(inner),
        DbException { InnerException: { } inner } => IsUnreachable(inner),
        TimeoutException => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };
}
