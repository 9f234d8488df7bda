using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store;

/// <summary>
/// The store's model on PostgreSQL. A type of its own only so its migrations (Store/Migrations/Postgres, generated with
/// <c>--context PostgresStoreContext</c>) are kept apart from SQLite's: EF finds a context's migrations by its type.
/// SQLite's <c>NOCASE</c> collation, which makes ids compare case-insensitively, is created here as a nondeterministic
/// ICU collation of the same name (strength 2: case is ignored, accents are not), so the model's
/// <c>UseCollation("NOCASE")</c> means the same on both. Two tables exist only here, because only a shared store has
/// several nodes: the node registry, and the Data Protection key ring the nodes share.
/// </summary>
internal sealed class PostgresStoreContext(DbContextOptions<PostgresStoreContext> options) : GatewayStoreContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasCollation("NOCASE", locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<NodeRow>(e =>
        {
            e.ToTable("nodes");
            e.HasKey(n => n.Name);
            e.Property(n => n.Name).HasColumnName("name").UseCollation("NOCASE");
            e.Property(n => n.Address).HasColumnName("address");
            e.Property(n => n.Revision).HasColumnName("revision");
            e.Property(n => n.StartedUtc).HasColumnName("started_utc");
            e.Property(n => n.LastSeenUtc).HasColumnName("last_seen_utc");
        });

        modelBuilder.Entity<DataProtectionKeyRow>(e =>
        {
            e.ToTable("data_protection_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).HasColumnName("id");
            e.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            e.HasIndex(k => k.FriendlyName).IsUnique();
            e.Property(k => k.Xml).HasColumnName("xml");
        });
    }

    public DbSet<NodeRow> Nodes => Set<NodeRow>();

    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
}
