namespace Gateway.Admin.Hosting;

/// <summary>
/// Finds the folder holding appsettings.json and wwwroot: the current directory when it has
/// them (running from a clone with <c>dotnet run --project src/Admin</c>), else the folder of
/// the binaries (a published build, where both are copied next to them).
/// </summary>
internal static class ContentRootLocator
{
    public static string Find()
    {
        var current = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(current, "appsettings.json")) ? current : AppContext.BaseDirectory;
    }
}
