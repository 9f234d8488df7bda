using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations.Postgres
{
    /// <summary>
    /// The PostgreSQL side of the SQLite migrations CompactRevisions, ListenerMinRequestBodyRate, Http1Core,
    /// ConcurrencyLimits and ClusterBufferRequestBody (generated once for all of them after the branches merged). Edited
    /// by hand after generation: the append-only trigger function now lets an UPDATE through only when it empties
    /// <c>document</c> and leaves every other column as it was (compaction and retention), as on SQLite.
    /// </summary>
    internal partial class WaveSettingsAndCompactRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_queue",
                table: "routes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_requests",
                table: "routes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "concurrency_queue_timeout_ticks",
                table: "routes",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "http1_core",
                table: "listeners",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "min_request_body_rate",
                table: "listeners",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "buffer_request_body",
                table: "clusters",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_queue",
                table: "clusters",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_requests",
                table: "clusters",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "concurrency_queue_timeout_ticks",
                table: "clusters",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "http_reuse",
                table: "clusters",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "revision_documents",
                columns: table => new
                {
                    number = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revision_documents", x => x.number);
                    table.ForeignKey(
                        name: "FK_revision_documents_revisions_number",
                        column: x => x.number,
                        principalTable: "revisions",
                        principalColumn: "number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_revision_documents_kind_number",
                table: "revision_documents",
                columns: new[] { "kind", "number" });

            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND NEW.document = '' AND NEW.number = OLD.number AND NEW.parent IS NOT DISTINCT FROM OLD.parent
                        AND NEW.created_utc = OLD.created_utc AND NEW.author = OLD.author AND NEW.message = OLD.message
                        AND NEW.summary = OLD.summary AND NEW.operations = OLD.operations THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'revisions are append-only';
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'revisions are append-only'; END $$;
                """);

            migrationBuilder.DropTable(
                name: "revision_documents");

            migrationBuilder.DropColumn(
                name: "concurrency_max_queue",
                table: "routes");

            migrationBuilder.DropColumn(
                name: "concurrency_max_requests",
                table: "routes");

            migrationBuilder.DropColumn(
                name: "concurrency_queue_timeout_ticks",
                table: "routes");

            migrationBuilder.DropColumn(
                name: "http1_core",
                table: "listeners");

            migrationBuilder.DropColumn(
                name: "min_request_body_rate",
                table: "listeners");

            migrationBuilder.DropColumn(
                name: "buffer_request_body",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "concurrency_max_queue",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "concurrency_max_requests",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "concurrency_queue_timeout_ticks",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "http_reuse",
                table: "clusters");
        }
    }
}
