using System.Globalization;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Nodes;

/// <summary>The nodes of a PostgreSQL store, as each last reported itself: name, address, revision in force, last seen.</summary>
internal sealed class NodeRegistry(GatewayDatabase database, IOptions<NodeOptions> options, TimeProvider time)
{
    private readonly string _started = Now(time);

    public string Name => options.Value.Name;

    /// <summary>The address this node reports: <see cref="NodeOptions.Address"/>, or the admin URL it bound (set at start).</summary>
    public string? Address { get; set; }

    /// <summary>Writes this node's row (its revision in force and the time).</summary>
    public async Task HeartbeatAsync(long revision, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }

        var now = Now(time);
        var address = options.Value.Address ?? Address ?? "";
        await using var db = (PostgresStoreContext)database.CreateContext();
        // One statement, so two nodes starting with the same name cannot both insert.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO nodes (name, address, revision, started_utc, last_seen_utc) VALUES ({Name}, {address}, {revision}, {_started}, {now})
            ON CONFLICT (name) DO UPDATE SET address = EXCLUDED.address, revision = EXCLUDED.revision, started_utc = EXCLUDED.started_utc, last_seen_utc = EXCLUDED.last_seen_utc;
            """, cancellationToken);
    }

    /// <summary>Every node of the store, by name; only this one on SQLite.</summary>
    public async Task<IReadOnlyList<NodeRow>> ListAsync(long revision, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
        {
            return [Self(revision)];
        }

        await using var db = (PostgresStoreContext)database.CreateContext();
        return await db.Nodes.AsNoTracking().OrderBy(n => n.Name).ToListAsync(cancellationToken);
    }

    /// <summary>This node's row as it would write it now (also what status shows when the database is unreachable).</summary>
    public NodeRow Self(long revision) => new()
    {
        Name = Name,
        Address = options.Value.Address ?? Address ?? "",
        Revision = revision,
        StartedUtc = _started,
        LastSeenUtc = Now(time),
    };

    private static string Now(TimeProvider time) => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
