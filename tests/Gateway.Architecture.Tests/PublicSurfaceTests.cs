using System.Reflection;
using System.Runtime.CompilerServices;

namespace Gateway.Architecture.Tests;

/// <summary>
/// Each src assembly's public types, held against an approved list in PublicSurface/&lt;assembly&gt;.txt.
/// A type that becomes public (or stops being public) fails here until the list is changed with it, so the
/// public surface changes only on purpose. To accept a change, copy the "actual" file the failure names.
/// </summary>
public sealed class PublicSurfaceTests
{
    public static TheoryData<string> Projects => FolderCycleTests.Projects;

    [Theory]
    [MemberData(nameof(Projects))]
    public void PublicTypes_MatchTheApprovedList(string assembly)
    {
        var actual = PublicTypes(assembly);
        var approvedPath = Path.Combine(SourceDirectory(), "PublicSurface", assembly + ".txt");
        var approved = File.Exists(approvedPath)
            ? File.ReadAllLines(approvedPath).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList()
            : [];
        var actualPath = Path.Combine(AppContext.BaseDirectory, $"public-surface.{assembly}.txt");
        File.WriteAllLines(actualPath, actual);

        var added = actual.Except(approved, StringComparer.Ordinal).ToList();
        var removed = approved.Except(actual, StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            $"{assembly}'s public types differ from {approvedPath} (actual: {actualPath})." +
            (added.Count > 0 ? $"{Environment.NewLine}Newly public:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", added)}" : "") +
            (removed.Count > 0 ? $"{Environment.NewLine}No longer public:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", removed)}" : ""));
    }

    [Fact]
    public void ProductionAssemblies_GiveNoInternalsToEachOther()
    {
        var production = SrcProjects.All.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var assembly in production)
        {
            var friends = Assembly.Load(assembly).GetCustomAttributes<InternalsVisibleToAttribute>()
                .Select(a => a.AssemblyName.Split(',')[0].Trim())
                .Where(production.Contains)
                .ToList();
            Assert.True(friends.Count == 0, $"{assembly} gives its internals to {string.Join(", ", friends)}: make what they need public on purpose instead.");
        }
    }

    private static List<string> PublicTypes(string assembly) =>
        [.. Assembly.Load(assembly).GetExportedTypes()
            .Where(type => !type.Name.StartsWith('<'))
            // EF generates migrations as public classes, and generated files are not edited by hand.
            .Where(type => type.Namespace?.EndsWith(".Migrations", StringComparison.Ordinal) != true)
            .Select(type => (type.FullName ?? type.Name).Replace('+', '.'))
            .Order(StringComparer.Ordinal)];

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
