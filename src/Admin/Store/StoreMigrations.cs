namespace Gateway.Admin.Store;

/// <summary>
/// The hand-written schema steps of the builds before EF Core migrations, recorded in <c>schema_migrations</c>.
/// They are kept only to upgrade a database an old build created: <see cref="GatewayDatabase.Initialize"/> brings it
/// to step 8, which is the schema of the EF baseline migration (Migrations/…_Baseline), and records that migration
/// as applied. Schema changes are EF migrations now (<c>dotnet ef migrations add</c>): never add or edit a step here.
/// </summary>
internal static class StoreMigrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "store metadata", """
            CREATE TABLE store_info (
                key   TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            );
            INSERT INTO store_info (key, value) VALUES ('created_utc', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
            """),
        (2, "configuration and revision log", """
            CREATE TABLE "clusters" (
                "id" TEXT COLLATE NOCASE NOT NULL CONSTRAINT "PK_clusters" PRIMARY KEY,
                "load_balancing" TEXT NOT NULL,
                "activity_timeout_ticks" INTEGER NULL,
                "max_connections_per_server" INTEGER NULL
            );
            CREATE TABLE "listeners" (
                "id" TEXT COLLATE NOCASE NOT NULL CONSTRAINT "PK_listeners" PRIMARY KEY,
                "address" TEXT NOT NULL,
                "protocols" INTEGER NOT NULL
            );
            CREATE TABLE "revisions" (
                "number" INTEGER NOT NULL CONSTRAINT "PK_revisions" PRIMARY KEY,
                "parent" INTEGER NULL,
                "created_utc" TEXT NOT NULL,
                "author" TEXT NOT NULL,
                "message" TEXT NOT NULL,
                "summary" TEXT NOT NULL,
                "operations" TEXT NOT NULL,
                "document" TEXT NOT NULL,
                CONSTRAINT "FK_revisions_revisions_parent" FOREIGN KEY ("parent") REFERENCES "revisions" ("number") ON DELETE RESTRICT
            );
            CREATE TABLE "routes" (
                "id" TEXT COLLATE NOCASE NOT NULL CONSTRAINT "PK_routes" PRIMARY KEY,
                "cluster_id" TEXT COLLATE NOCASE NOT NULL,
                "path" TEXT NULL,
                "route_order" INTEGER NULL,
                "hosts" TEXT NOT NULL,
                "methods" TEXT NOT NULL,
                CONSTRAINT "FK_routes_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE RESTRICT
            );
            CREATE TABLE "servers" (
                "cluster_id" TEXT COLLATE NOCASE NOT NULL,
                "id" TEXT COLLATE NOCASE NOT NULL,
                "address" TEXT NOT NULL,
                "state" TEXT NOT NULL,
                CONSTRAINT "PK_servers" PRIMARY KEY ("cluster_id", "id"),
                CONSTRAINT "FK_servers_clusters_cluster_id" FOREIGN KEY ("cluster_id") REFERENCES "clusters" ("id") ON DELETE CASCADE
            );
            CREATE TABLE "route_listeners" (
                "route_id" TEXT COLLATE NOCASE NOT NULL,
                "listener_id" TEXT COLLATE NOCASE NOT NULL,
                "position" INTEGER NOT NULL,
                CONSTRAINT "PK_route_listeners" PRIMARY KEY ("route_id", "listener_id"),
                CONSTRAINT "FK_route_listeners_listeners_listener_id" FOREIGN KEY ("listener_id") REFERENCES "listeners" ("id") ON DELETE RESTRICT,
                CONSTRAINT "FK_route_listeners_routes_route_id" FOREIGN KEY ("route_id") REFERENCES "routes" ("id") ON DELETE CASCADE
            );
            CREATE INDEX "IX_revisions_parent" ON "revisions" ("parent");
            CREATE INDEX "IX_route_listeners_listener_id" ON "route_listeners" ("listener_id");
            CREATE INDEX "IX_routes_cluster_id" ON "routes" ("cluster_id");
            CREATE TRIGGER "revisions_append_only_update" BEFORE UPDATE ON "revisions"
            BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
            CREATE TRIGGER "revisions_append_only_delete" BEFORE DELETE ON "revisions"
            BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
            """),
        (3, "admin users and API tokens", """
            CREATE TABLE "admin_users" (
                "id" INTEGER NOT NULL CONSTRAINT "PK_admin_users" PRIMARY KEY AUTOINCREMENT,
                "name" TEXT COLLATE NOCASE NOT NULL,
                "password_hash" TEXT NOT NULL,
                "role" TEXT NOT NULL,
                "created_utc" TEXT NOT NULL
            );
            CREATE TABLE "api_tokens" (
                "id" INTEGER NOT NULL CONSTRAINT "PK_api_tokens" PRIMARY KEY AUTOINCREMENT,
                "name" TEXT NOT NULL,
                "owner_id" INTEGER NOT NULL,
                "hash" TEXT NOT NULL,
                "prefix" TEXT NOT NULL,
                "role" TEXT NOT NULL,
                "created_utc" TEXT NOT NULL,
                "expires_utc" TEXT NULL,
                "revoked_utc" TEXT NULL,
                CONSTRAINT "FK_api_tokens_admin_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "admin_users" ("id") ON DELETE CASCADE
            );
            CREATE UNIQUE INDEX "IX_admin_users_name" ON "admin_users" ("name");
            CREATE UNIQUE INDEX "IX_api_tokens_hash" ON "api_tokens" ("hash");
            CREATE INDEX "IX_api_tokens_owner_id" ON "api_tokens" ("owner_id");
            """),
        (4, "rules text, tarpit timeout and maps", """
            ALTER TABLE "listeners" ADD "rules" TEXT NULL;
            ALTER TABLE "listeners" ADD "tarpit_timeout_ticks" INTEGER NULL;
            ALTER TABLE "routes" ADD "rules" TEXT NULL;
            ALTER TABLE "clusters" ADD "rules" TEXT NULL;
            CREATE TABLE "maps" (
                "id" TEXT COLLATE NOCASE NOT NULL CONSTRAINT "PK_maps" PRIMARY KEY
            );
            CREATE TABLE "map_entries" (
                "map_id" TEXT COLLATE NOCASE NOT NULL,
                "position" INTEGER NOT NULL,
                "key" TEXT NOT NULL,
                "value" TEXT NOT NULL,
                CONSTRAINT "PK_map_entries" PRIMARY KEY ("map_id", "position"),
                CONSTRAINT "FK_map_entries_maps_map_id" FOREIGN KEY ("map_id") REFERENCES "maps" ("id") ON DELETE CASCADE
            );
            CREATE UNIQUE INDEX "IX_map_entries_map_id_key" ON "map_entries" ("map_id", "key");
            """),
        (5, "PROXY protocol and connection limits on listeners", """
            ALTER TABLE "listeners" ADD "accept_proxy" INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE "listeners" ADD "max_connections" INTEGER NULL;
            """),
        (6, "server weight and backup, cluster health checks", """
            ALTER TABLE "servers" ADD "weight" INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE "servers" ADD "backup" INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE "clusters" ADD "health_check_path" TEXT NULL;
            ALTER TABLE "clusters" ADD "health_check_interval_ticks" INTEGER NULL;
            ALTER TABLE "clusters" ADD "health_check_timeout_ticks" INTEGER NULL;
            ALTER TABLE "clusters" ADD "health_check_rise" INTEGER NULL;
            ALTER TABLE "clusters" ADD "health_check_fall" INTEGER NULL;
            """),
        // The listener → cluster key is checked at commit (DEFERRABLE INITIALLY DEFERRED), because
        // EntityRowWriter writes listeners before clusters; a commit that leaves a dangling
        // default cluster still fails as a whole. EF Core's own schema has the same key checked at once.
        (7, "TCP mode listeners, default cluster, connect timeout and send-proxy", """
            ALTER TABLE "listeners" ADD "mode" INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE "listeners" ADD "default_cluster_id" TEXT NULL
                CONSTRAINT "FK_listeners_clusters_default_cluster_id" REFERENCES "clusters" ("id") DEFERRABLE INITIALLY DEFERRED;
            ALTER TABLE "listeners" ADD "idle_timeout_ticks" INTEGER NULL;
            ALTER TABLE "clusters" ADD "connect_timeout_ticks" INTEGER NULL;
            ALTER TABLE "clusters" ADD "send_proxy" INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX "IX_listeners_default_cluster_id" ON "listeners" ("default_cluster_id");
            """),
        (8, "TLS certificates, the listeners that present them, and their encrypted keys", Certificates.CertificateTables.Migration),
    ];
}
