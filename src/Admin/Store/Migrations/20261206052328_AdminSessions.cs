using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <inheritdoc />
    public partial class AdminSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admin_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ticket = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_utc = table.Column<string>(type: "TEXT", nullable: false),
                    expires_utc = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_sessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_admin_sessions_admin_users_user_id",
                        column: x => x.user_id,
                        principalTable: "admin_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_admin_sessions_expires_utc",
                table: "admin_sessions",
                column: "expires_utc");

            migrationBuilder.CreateIndex(
                name: "IX_admin_sessions_user_id",
                table: "admin_sessions",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_sessions");
        }
    }
}
