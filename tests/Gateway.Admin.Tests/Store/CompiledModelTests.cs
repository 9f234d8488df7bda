using Gateway.Admin.Store;
using Gateway.Admin.Store.CompiledModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Gateway.Admin.Tests.Store;

/// <summary>
/// The store runs on a compiled model (Store/CompiledModel, EF Core finds it by its assembly attribute), so start-up does
/// not build the model from <c>OnModelCreating</c>. It is generated code: after a change to the model it must be
/// generated again, and this test fails until it is.
/// </summary>
public class CompiledModelTests
{
    [Fact]
    public void StoreContext_RunsOnTheCompiledModel_WhichMatchesTheModelItsCodeBuilds()
    {
        using var store = new GatewayStoreContext(Options());
        using var fromCode = new ModelFromCode(Options());

        // Both are read-optimized models, the one generated and the one EF Core makes from OnModelCreating: their long
        // debug views list every entity type, property, column, key, index and foreign key with its settings.
        var compiled = store.Model.ToDebugString(MetadataDebugStringOptions.LongDefault);
        var built = fromCode.Model.ToDebugString(MetadataDebugStringOptions.LongDefault);

        Assert.IsAssignableFrom<GatewayStoreContextModel>(store.Model);
        Assert.Contains("Relational:ColumnName: address", built, StringComparison.Ordinal);
        Assert.True(compiled == built,
            "The compiled model differs from GatewayStoreContext's model; generate it again with `dotnet ef dbcontext optimize --project src/Admin " +
            "--context GatewayStoreContext --output-dir Store/CompiledModel --namespace Gateway.Admin.Store.CompiledModel` (then make its classes " +
            "internal, src/Admin/Store/Migrations/README.md). First difference at: " +
            FirstDifference(compiled, built));
    }

    private static string FirstDifference(string a, string b)
    {
        var at = 0;
        while (at < a.Length && at < b.Length && a[at] == b[at])
        {
            at++;
        }

        return $"compiled \"{a.Substring(Math.Max(0, at - 80), Math.Min(160, a.Length - Math.Max(0, at - 80)))}\" / from code \"{b.Substring(Math.Max(0, at - 80), Math.Min(160, b.Length - Math.Max(0, at - 80)))}\"";
    }

    private static DbContextOptions<GatewayStoreContext> Options() =>
        new DbContextOptionsBuilder<GatewayStoreContext>().UseSqlite("Data Source=:memory:").Options;

    /// <summary>A context type with no compiled model of its own, so EF Core builds its model from the store's code.</summary>
    private sealed class ModelFromCode(DbContextOptions<GatewayStoreContext> options) : GatewayStoreContext(options);
}
