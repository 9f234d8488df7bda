namespace Gateway.Admin.Store;

/// <summary>
/// Schema steps, applied in order at start-up and recorded in <c>schema_migrations</c>.
/// EF Core's design-time tooling does not restore here (../shared/DEPENDENCIES.md), so steps are
/// hand-written SQL. Append new steps; never edit one that has shipped.
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
    ];
}
