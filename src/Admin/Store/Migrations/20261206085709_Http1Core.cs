using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <inheritdoc />
    public partial class Http1Core : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "http1_core",
                table: "listeners",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "http_reuse",
                table: "clusters",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "http1_core",
                table: "listeners");

            migrationBuilder.DropColumn(
                name: "http_reuse",
                table: "clusters");
        }
    }
}
