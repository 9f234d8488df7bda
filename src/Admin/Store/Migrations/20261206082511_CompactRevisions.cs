using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gateway.Admin.Store.Migrations
{
    /// <summary>
    /// Compact revision storage: documents move to <c>revision_documents</c> (compressed checkpoints and line patches,
    /// see RevisionDocuments), and the append-only trigger on <c>revisions</c> is relaxed by exactly one transition:
    /// emptying <c>document</c> while every other column stays as it was (moving a document to compact storage, or
    /// the retention policy removing it). Edited by hand after generation: the trigger SQL.
    /// </summary>
    public partial class CompactRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "revision_documents",
                columns: table => new
                {
                    number = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    data = table.Column<byte[]>(type: "BLOB", nullable: false)
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

            migrationBuilder.Sql("""DROP TRIGGER "revisions_append_only_update";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "revisions_append_only_update" BEFORE UPDATE ON "revisions"
                WHEN NOT (NEW."document" = '' AND NEW."number" = OLD."number" AND NEW."parent" IS OLD."parent"
                    AND NEW."created_utc" = OLD."created_utc" AND NEW."author" = OLD."author" AND NEW."message" = OLD."message"
                    AND NEW."summary" = OLD."summary" AND NEW."operations" = OLD."operations")
                BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "revisions_append_only_update";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "revisions_append_only_update" BEFORE UPDATE ON "revisions"
                BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
                """);
            migrationBuilder.DropTable(
                name: "revision_documents");
        }
    }
}
