using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <inheritdoc />
    public partial class StickTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stick_tables",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false, collation: "NOCASE"),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    size = table.Column<int>(type: "INTEGER", nullable: false),
                    expire_ticks = table.Column<long>(type: "INTEGER", nullable: true),
                    store = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stick_tables", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stick_tables");
        }
    }
}
