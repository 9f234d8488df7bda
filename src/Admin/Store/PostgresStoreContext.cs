using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store;

/// <summary>
/// The store's model on PostgreSQL. A type of its own only so its migrations (Store/Migrations/Postgres, generated with
/// <c>--context PostgresStoreContext</c>) are kept apart from SQLite's: EF finds a context's migrations by its type.
/// SQLite's <c>NOCASE</c> collation, which makes ids compare case-insensitively, is created here as a nondeterministic
/// ICU collation of the same name (strength 2: case is ignored, accents are not), so the model's
/// <c>UseCollation("NOCASE")</c> means the same on both.
/// </summary>
internal sealed class PostgresStoreContext(DbContextOptions<PostgresStoreContext> options) : GatewayStoreContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasCollation("NOCASE", locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        base.OnModelCreating(modelBuilder);
    }
}
