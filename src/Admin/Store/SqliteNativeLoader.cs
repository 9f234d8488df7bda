using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Gateway.Admin.Store;

/// <summary>
/// SQLite load shim, in one place. Microsoft.Data.Sqlite 10 is built against SQLitePCLRaw 2.1.x,
/// but only 2.0.6 exists on the registry here (see ../shared/DEPENDENCIES.md). The 2.0.6
/// assemblies are API-compatible for what Microsoft.Data.Sqlite calls; this resolves the
/// version mismatch at load time, before the first SqliteConnection. The handler only runs when
/// the normal load fails, so it is harmless where matching SQLitePCLRaw assemblies are present.
/// </summary>
internal static class SqliteNativeLoader
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before any type of Microsoft.Data.Sqlite loads.")]
    internal static void Initialize() => AssemblyLoadContext.Default.Resolving += Resolve;

    private static System.Reflection.Assembly? Resolve(AssemblyLoadContext context, System.Reflection.AssemblyName name)
    {
        if (name.Name is null || !name.Name.StartsWith("SQLitePCLRaw", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
