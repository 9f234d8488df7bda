namespace Gateway.Architecture.Tests;

/// <summary>The src assemblies, their root namespaces and the folders that compose them (which may reference every other folder).</summary>
public sealed record SrcProjects(string Assembly, string RootNamespace, string SourceDirectory, IReadOnlySet<string> CompositionRoots)
{
    public static IReadOnlyDictionary<string, SrcProjects> All { get; } = new Dictionary<string, SrcProjects>
    {
        ["Gateway.Core"] = new("Gateway.Core", "Gateway.Core", "src/Core", new HashSet<string>()),
        ["Gateway"] = new("Gateway", "Gateway", "src/Gateway", new HashSet<string> { "Hosting" }),
        ["Gateway.Admin"] = new("Gateway.Admin", "Gateway.Admin", "src/Admin", new HashSet<string> { "Hosting", FolderGraph.RootFolder }),
    };

    public FolderGraph Graph() => FolderGraph.Load(Path.Combine(AppContext.BaseDirectory, Assembly + ".dll"), RootNamespace, SourceDirectory);
}
