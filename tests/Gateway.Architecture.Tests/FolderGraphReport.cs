namespace Gateway.Architecture.Tests;

/// <summary>
/// Writes each src assembly's folder graph (every edge with one example reference) next to the test
/// binaries as folder-graph.&lt;assembly&gt;.txt, so a reader can see the whole picture, not only a failure.
/// </summary>
public sealed class FolderGraphReport
{
    [Theory]
    [MemberData(nameof(FolderCycleTests.Projects), MemberType = typeof(FolderCycleTests))]
    public void Report_ListsEveryEdge(string assembly)
    {
        var graph = SrcProjects.All[assembly].Graph();
        var text = graph.DescribeAll();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, $"folder-graph.{assembly}.txt"), text + Environment.NewLine);
        Assert.NotEmpty(graph.Folders);
    }
}
