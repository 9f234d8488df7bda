using Gateway.Admin.Store.Certificates;
using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store;

/// <summary>
/// The config store's tables. The schema is EF Core migrations generated from this model (Store/Migrations,
/// <c>dotnet ef migrations add</c>); a test fails while the model has changes no migration covers. Ids compare
/// case-insensitively, like the validator's. A column added to an existing table is declared last in its row
/// class: EF orders columns as declared, and <c>ALTER TABLE … ADD</c> appends them.
/// </summary>
internal class GatewayStoreContext : DbContext
{
    public GatewayStoreContext(DbContextOptions<GatewayStoreContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresStoreContext"/>: the same model, its own migrations.</summary>
    protected GatewayStoreContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<ListenerRow> Listeners => Set<ListenerRow>();

    public DbSet<RouteRow> Routes => Set<RouteRow>();

    public DbSet<RouteListenerRow> RouteListeners => Set<RouteListenerRow>();

    public DbSet<ClusterRow> Clusters => Set<ClusterRow>();

    public DbSet<ServerRow> Servers => Set<ServerRow>();

    public DbSet<MapRow> Maps => Set<MapRow>();

    public DbSet<MapEntryRow> MapEntries => Set<MapEntryRow>();

    public DbSet<CertificateRow> Certificates => Set<CertificateRow>();

    public DbSet<StickTableRow> StickTables => Set<StickTableRow>();

    public DbSet<ListenerCertificateRow> ListenerCertificates => Set<ListenerCertificateRow>();

    public DbSet<CertificateKeyRow> CertificateKeys => Set<CertificateKeyRow>();

    public DbSet<RevisionRow> Revisions => Set<RevisionRow>();

    public DbSet<RevisionDocumentRow> RevisionDocuments => Set<RevisionDocumentRow>();

    public DbSet<AdminUserRow> Users => Set<AdminUserRow>();

    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();

    public DbSet<AdminSessionRow> Sessions => Set<AdminSessionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ListenerRow>(e =>
        {
            e.ToTable("listeners");
            e.HasKey(l => l.Id);
            e.Property(l => l.Id).HasColumnName("id").UseCollation("NOCASE");
            e.Property(l => l.Address).HasColumnName("address");
            e.Property(l => l.Protocols).HasColumnName("protocols");
            e.Property(l => l.Rules).HasColumnName("rules");
            e.Property(l => l.TarpitTimeoutTicks).HasColumnName("tarpit_timeout_ticks");
            e.Property(l => l.AcceptProxy).HasColumnName("accept_proxy");
            e.Property(l => l.MaxConnections).HasColumnName("max_connections");
            e.Property(l => l.Mode).HasColumnName("mode");
            e.Property(l => l.DefaultClusterId).HasColumnName("default_cluster_id");
            e.Property(l => l.IdleTimeoutTicks).HasColumnName("idle_timeout_ticks");
            // Deferred in the schema (StoreMigrations step 7, and the edited baseline migration), so rows may be written in any order within a commit.
            e.HasOne<ClusterRow>().WithMany().HasForeignKey(l => l.DefaultClusterId).OnDelete(DeleteBehavior.NoAction);
            e.Property(l => l.StrictSni).HasColumnName("strict_sni");
            e.HasMany(l => l.Certificates).WithOne().HasForeignKey(c => c.ListenerId).OnDelete(DeleteBehavior.Cascade);
            e.Property(l => l.RequestHeaderTimeoutTicks).HasColumnName("request_header_timeout_ticks");
            e.Property(l => l.MinRequestBodyRate).HasColumnName("min_request_body_rate");
            e.Property(l => l.Http1Core).HasColumnName("http1_core");
        });

        modelBuilder.Entity<ClusterRow>(e =>
        {
            e.ToTable("clusters");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id").UseCollation("NOCASE");
            e.Property(c => c.LoadBalancing).HasColumnName("load_balancing");
            e.Property(c => c.ActivityTimeoutTicks).HasColumnName("activity_timeout_ticks");
            e.Property(c => c.MaxConnectionsPerServer).HasColumnName("max_connections_per_server");
            e.Property(c => c.Rules).HasColumnName("rules");
            e.Property(c => c.HealthCheckPath).HasColumnName("health_check_path");
            e.Property(c => c.HealthCheckIntervalTicks).HasColumnName("health_check_interval_ticks");
            e.Property(c => c.HealthCheckTimeoutTicks).HasColumnName("health_check_timeout_ticks");
            e.Property(c => c.HealthCheckRise).HasColumnName("health_check_rise");
            e.Property(c => c.HealthCheckFall).HasColumnName("health_check_fall");
            e.Property(c => c.ConnectTimeoutTicks).HasColumnName("connect_timeout_ticks");
            e.Property(c => c.SendProxy).HasColumnName("send_proxy");
            e.Property(c => c.HostHeader).HasColumnName("host_header");
            e.Property(c => c.HttpReuse).HasColumnName("http_reuse");
            e.Property(c => c.RetryCount).HasColumnName("retry_count");
            e.Property(c => c.RetryRedispatch).HasColumnName("retry_redispatch");
            e.Property(c => c.RetryOnStatuses).HasColumnName("retry_on_statuses");
            e.Property(c => c.RetryNonIdempotent).HasColumnName("retry_non_idempotent");
            e.Property(c => c.RetryBufferLimit).HasColumnName("retry_buffer_limit");
            e.Property(c => c.RetryDeadlineTicks).HasColumnName("retry_deadline_ticks");
            e.Property(c => c.PassiveHealthEnabled).HasColumnName("passive_health_enabled");
            e.Property(c => c.PassiveHealthConsecutiveFailures).HasColumnName("passive_health_consecutive_failures");
            e.Property(c => c.PassiveHealthCountServerErrors).HasColumnName("passive_health_count_server_errors");
            e.Property(c => c.PassiveHealthEjectionTicks).HasColumnName("passive_health_ejection_ticks");
            e.Property(c => c.PassiveHealthMaxEjectionTicks).HasColumnName("passive_health_max_ejection_ticks");
            e.Property(c => c.StickyCookie).HasColumnName("sticky_cookie");
            e.Property(c => c.MaxQueue).HasColumnName("max_queue");
            e.Property(c => c.QueueTimeoutTicks).HasColumnName("queue_timeout_ticks");
            e.Property(c => c.BufferRequestBody).HasColumnName("buffer_request_body");
            e.Property(c => c.ConcurrencyMaxRequests).HasColumnName("concurrency_max_requests");
            e.Property(c => c.ConcurrencyMaxQueue).HasColumnName("concurrency_max_queue");
            e.Property(c => c.ConcurrencyQueueTimeoutTicks).HasColumnName("concurrency_queue_timeout_ticks");
            e.HasMany(c => c.Servers).WithOne().HasForeignKey(s => s.ClusterId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ServerRow>(e =>
        {
            e.ToTable("servers");
            e.HasKey(s => new { s.ClusterId, s.Id });
            e.Property(s => s.ClusterId).HasColumnName("cluster_id").UseCollation("NOCASE");
            e.Property(s => s.Id).HasColumnName("id").UseCollation("NOCASE");
            e.Property(s => s.Address).HasColumnName("address");
            e.Property(s => s.State).HasColumnName("state");
            e.Property(s => s.Weight).HasColumnName("weight");
            e.Property(s => s.Backup).HasColumnName("backup");
            e.Property(s => s.MaxConnections).HasColumnName("max_connections");
        });

        modelBuilder.Entity<RouteRow>(e =>
        {
            e.ToTable("routes");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id").UseCollation("NOCASE");
            e.Property(r => r.ClusterId).HasColumnName("cluster_id").UseCollation("NOCASE");
            e.Property(r => r.Path).HasColumnName("path");
            e.Property(r => r.Order).HasColumnName("route_order");
            e.Property(r => r.Hosts).HasColumnName("hosts");
            e.Property(r => r.Methods).HasColumnName("methods");
            e.Property(r => r.Rules).HasColumnName("rules");
            e.Property(r => r.ConcurrencyMaxRequests).HasColumnName("concurrency_max_requests");
            e.Property(r => r.ConcurrencyMaxQueue).HasColumnName("concurrency_max_queue");
            e.Property(r => r.ConcurrencyQueueTimeoutTicks).HasColumnName("concurrency_queue_timeout_ticks");
            e.HasOne<ClusterRow>().WithMany().HasForeignKey(r => r.ClusterId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Listeners).WithOne().HasForeignKey(l => l.RouteId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RouteListenerRow>(e =>
        {
            e.ToTable("route_listeners");
            e.HasKey(l => new { l.RouteId, l.ListenerId });
            e.Property(l => l.RouteId).HasColumnName("route_id").UseCollation("NOCASE");
            e.Property(l => l.ListenerId).HasColumnName("listener_id").UseCollation("NOCASE");
            e.Property(l => l.Position).HasColumnName("position");
            e.HasOne<ListenerRow>().WithMany().HasForeignKey(l => l.ListenerId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<MapRow>(e =>
        {
            e.ToTable("maps");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasColumnName("id").UseCollation("NOCASE");
            e.HasMany(m => m.Entries).WithOne().HasForeignKey(x => x.MapId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MapEntryRow>(e =>
        {
            e.ToTable("map_entries");
            e.HasKey(x => new { x.MapId, x.Position });
            e.Property(x => x.MapId).HasColumnName("map_id").UseCollation("NOCASE");
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Key).HasColumnName("key");
            e.Property(x => x.Value).HasColumnName("value");
            e.HasIndex(x => new { x.MapId, x.Key }).IsUnique();
        });

        CertificateTables.Configure(modelBuilder);

        modelBuilder.Entity<StickTableRow>(e =>
        {
            e.ToTable("stick_tables");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasColumnName("id").UseCollation("NOCASE");
            e.Property(t => t.Type).HasColumnName("type");
            e.Property(t => t.Size).HasColumnName("size");
            e.Property(t => t.ExpireTicks).HasColumnName("expire_ticks");
            e.Property(t => t.Store).HasColumnName("store");
            e.Property(t => t.Shared).HasColumnName("shared");
        });

        modelBuilder.Entity<RevisionRow>(e =>
        {
            e.ToTable("revisions");
            e.HasKey(r => r.Number);
            e.Property(r => r.Number).HasColumnName("number").ValueGeneratedNever();
            e.Property(r => r.Parent).HasColumnName("parent");
            e.Property(r => r.CreatedUtc).HasColumnName("created_utc");
            e.Property(r => r.Author).HasColumnName("author");
            e.Property(r => r.Message).HasColumnName("message");
            e.Property(r => r.Summary).HasColumnName("summary");
            e.Property(r => r.Operations).HasColumnName("operations");
            e.Property(r => r.Document).HasColumnName("document");
            e.HasOne<RevisionRow>().WithMany().HasForeignKey(r => r.Parent).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<RevisionDocumentRow>(e =>
        {
            e.ToTable("revision_documents");
            e.HasKey(d => d.Number);
            e.Property(d => d.Number).HasColumnName("number").ValueGeneratedNever();
            e.Property(d => d.Kind).HasColumnName("kind");
            e.Property(d => d.Data).HasColumnName("data");
            e.HasIndex(d => new { d.Kind, d.Number });
            e.HasOne<RevisionRow>().WithOne().HasForeignKey<RevisionDocumentRow>(d => d.Number).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<AdminUserRow>(e =>
        {
            e.ToTable("admin_users");
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasColumnName("id");
            e.Property(u => u.Name).HasColumnName("name").UseCollation("NOCASE");
            e.HasIndex(u => u.Name).IsUnique();
            e.Property(u => u.PasswordHash).HasColumnName("password_hash");
            e.Property(u => u.Role).HasColumnName("role");
            e.Property(u => u.CreatedUtc).HasColumnName("created_utc");
        });

        modelBuilder.Entity<ApiTokenRow>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.Name).HasColumnName("name");
            e.Property(t => t.OwnerId).HasColumnName("owner_id");
            e.Property(t => t.Hash).HasColumnName("hash");
            e.HasIndex(t => t.Hash).IsUnique();
            e.Property(t => t.Prefix).HasColumnName("prefix");
            e.Property(t => t.Role).HasColumnName("role");
            e.Property(t => t.CreatedUtc).HasColumnName("created_utc");
            e.Property(t => t.ExpiresUtc).HasColumnName("expires_utc");
            e.Property(t => t.RevokedUtc).HasColumnName("revoked_utc");
            e.HasOne<AdminUserRow>().WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AdminSessionRow>(e =>
        {
            e.ToTable("admin_sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasColumnName("id");
            e.Property(s => s.UserId).HasColumnName("user_id");
            e.Property(s => s.Ticket).HasColumnName("ticket");
            e.Property(s => s.CreatedUtc).HasColumnName("created_utc");
            e.Property(s => s.ExpiresUtc).HasColumnName("expires_utc");
            e.HasIndex(s => s.ExpiresUtc);
            e.HasOne<AdminUserRow>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
