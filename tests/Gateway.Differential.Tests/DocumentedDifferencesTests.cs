using System.Text;

namespace Gateway.Differential.Tests;

/// <summary>
/// docs/rules.md lists, between its differential markers, exactly the differences the suite marks:
/// the list is generated from the cases, not kept by hand. Run with GATEWAY_UPDATE_DOCS=1 to rewrite it.
/// </summary>
public sealed class DocumentedDifferencesTests
{
    private const string Begin = "<!-- differential:begin (generated from tests/Gateway.Differential.Tests; GATEWAY_UPDATE_DOCS=1 dotnet test tests/Gateway.Differential.Tests rewrites it) -->";
    private const string End = "<!-- differential:end -->";

    /// <summary>Every reason the suite gives, once each, in a stable order.</summary>
    public static IReadOnlyList<string> Reasons() =>
    [
        .. DifferentialCases.All.Select(c => c.Differs)
            .Concat(InvalidFormsTests.Refused.Select(row => (string?)row[2]))
            .Concat(InvalidFormsTests.RefusedByUsOnly.Select(row => (string?)row[1]))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void RulesDoc_ListsEveryMarkedDifference()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "rules.md");
        var text = File.ReadAllText(path);
        var block = new StringBuilder(Begin).Append('\n');
        foreach (var reason in Reasons())
        {
            block.Append("- ").Append(reason).Append(".\n");
        }

        block.Append(End);
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/rules.md has no block between the differential markers; add:\n{block}");
        var current = text[start..(end + End.Length)];
        if (current != block.ToString() && Environment.GetEnvironmentVariable("GATEWAY_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..start] + block + text[(end + End.Length)..]);
            return;
        }

        Assert.Equal(block.ToString(), current);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
