using Xunit.Abstractions;

namespace Gateway.Architecture.Tests;

/// <summary>
/// The folders of each src project depend one way: no cycle of folder-to-folder type references spans
/// more than two folders, and nothing points back at a composition root. A new back edge fails here with
/// the references that close the cycle.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    public static TheoryData<string> Projects => new(SrcProjects.All.Keys);

    [Theory]
    [MemberData(nameof(Projects))]
    public void LargestCycle_SpansAtMostTwoFolders(string assembly)
    {
        var project = SrcProjects.All[assembly];
        var graph = project.Graph();
        var cycles = graph.Cycles([.. project.CompositionRoots]);
        foreach (var cycle in cycles.Where(c => c.Count > 1))
        {
            output.WriteLine($"cycle of {cycle.Count}: {string.Join(", ", cycle)}");
        }

        var largest = cycles[0];
        Assert.True(largest.Count <= 2,
            $"{assembly}: {largest.Count} folders reference each other in a cycle:{Environment.NewLine}{graph.Describe([.. largest])}");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void CompositionRoot_IsReferencedByNoFeatureFolder(string assembly)
    {
        var project = SrcProjects.All[assembly];
        var graph = project.Graph();
        var backEdges = graph.Edges
            .Where(pair => !project.CompositionRoots.Contains(pair.Key))
            .SelectMany(pair => pair.Value
                .Where(target => project.CompositionRoots.Contains(target.Key))
                .Select(target => $"  {pair.Key} -> {target.Key}   ({target.Value})"))
            .ToList();
        Assert.True(backEdges.Count == 0,
            $"{assembly}: folders point back at the composition root:{Environment.NewLine}{string.Join(Environment.NewLine, backEdges)}");
    }

    [Fact]
    public void Graph_SeesReferencesInsideMethodBodies()
    {
        // A guard for the analyser itself: the standalone host's Program only calls into Hosting from
        // its body, so an analyser that read signatures alone would miss this edge.
        var graph = SrcProjects.All["Gateway.Admin"].Graph();
        Assert.Contains("Hosting", graph.Targets(FolderGraph.RootFolder));
    }
}
