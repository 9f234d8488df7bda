using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gateway.Admin.Store;

/// <summary>
/// What <c>dotnet ef</c> (the local tool in .config/dotnet-tools.json) builds the model from when it adds a
/// migration or checks for model changes no migration covers. It never opens the database.
/// </summary>
internal sealed class DesignTimeStoreContextFactory : IDesignTimeDbContextFactory<GatewayStoreContext>
{
    public GatewayStoreContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayStoreContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>What <c>dotnet ef … --context PostgresStoreContext</c> builds the PostgreSQL model from; it never connects.</summary>
internal sealed class DesignTimePostgresStoreContextFactory : IDesignTimeDbContextFactory<PostgresStoreContext>
{
    public PostgresStoreContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStoreContext>().UseNpgsql("Host=design-time.invalid").Options);
}
