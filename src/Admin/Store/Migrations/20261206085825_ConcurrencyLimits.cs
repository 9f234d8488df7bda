using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <inheritdoc />
    // Columns in the order the model declares them (requests, queue, timeout), so a migrated database equals a new one.
    public partial class ConcurrencyLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_requests",
                table: "routes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_queue",
                table: "routes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "concurrency_queue_timeout_ticks",
                table: "routes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_requests",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "concurrency_max_queue",
                table: "clusters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "concurrency_queue_timeout_ticks",
                table: "clusters",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "concurrency_max_queue",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "concurrency_max_requests",
                table: "clusters");

            migrationBuilder.DropColumn(
                name: "concurrency_queue_timeout_ticks",
                table: "clusters");
        }
    }
}
