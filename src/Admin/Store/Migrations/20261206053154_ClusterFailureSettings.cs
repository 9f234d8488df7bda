using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <inheritdoc />
    public partial class ClusterFailureSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Issue 15's cluster and server settings. Reordered by hand into the rows' declaration order, so a
            // migrated database lists its columns as one created from the model does (StoreMigrationsTests).
            // Every column is nullable: rows written before it hold NULL, which EntityRows reads as the default.
            migrationBuilder.AddColumn<string>(
                name: "host_header",
                table: "clusters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "retry_count",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "retry_redispatch",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retry_on_statuses",
                table: "clusters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "retry_non_idempotent",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "retry_buffer_limit",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "retry_deadline_ticks",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "passive_health_enabled",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "passive_health_consecutive_failures",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "passive_health_count_server_errors",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "passive_health_ejection_ticks",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "passive_health_max_ejection_ticks",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sticky_cookie",
                table: "clusters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "max_queue",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "queue_timeout_ticks",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "max_connections",
                table: "servers",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "max_connections",
                table: "servers");

            migrationBuilder.DropColumn(
                name: "host_header",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "max_queue",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "passive_health_consecutive_failures",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "passive_health_count_server_errors",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "passive_health_ejection_ticks",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "passive_health_enabled",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "passive_health_max_ejection_ticks",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "queue_timeout_ticks",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "retry_buffer_limit",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "retry_count",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "retry_deadline_ticks",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "retry_non_idempotent",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "retry_on_statuses",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "retry_redispatch",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "sticky_cookie",
                table: "clusters");
        }
    }
}
