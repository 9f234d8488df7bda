using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <inheritdoc />
    public partial class ListenerRequestHeaderTimeout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "request_header_timeout_ticks",
                table: "listeners",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "request_header_timeout_ticks",
                table: "listeners");
        }
    }
}
