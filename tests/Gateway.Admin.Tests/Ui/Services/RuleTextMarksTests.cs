using Gateway.Admin.Ui.Services.RulesEditor;

namespace Gateway.Admin.Tests.Ui.Services;

public class RuleTextMarksTests
{
    private static string Render(IReadOnlyList<IReadOnlyList<MarkedPiece>> lines) =>
        string.Join("\n", lines.Select(line => string.Concat(line.Select(p => p.Marked ? $"[{p.Text}]" : p.Text))));

    [Fact]
    public void Lines_MarkEachProblemsSpan_OnItsLine()
    {
        var lines = RuleTextMarks.Lines("http-request deny\nhttp-request frobnicate if x", [new RuleProblem(2, 14, 10, "unknown action")]);

        Assert.Equal("http-request deny\nhttp-request [frobnicate] if x", Render(lines));
    }

    [Fact]
    public void Lines_ProblemAfterTheLastCharacter_MarksOneBlank()
    {
        var lines = RuleTextMarks.Lines("acl a path_beg", [new RuleProblem(1, 15, 1, "expected a value")]);

        Assert.Equal("acl a path_beg[ ]", Render(lines));
    }

    [Fact]
    public void Lines_OverlappingOrWholeScopeProblems_MarkOnce_AndKeepEveryLine()
    {
        var lines = RuleTextMarks.Lines("abcdef\r\n\r\nxyz", [new RuleProblem(1, 2, 3, "a"), new RuleProblem(1, 3, 1, "b"), new RuleProblem(0, 0, 0, "scope")]);

        Assert.Equal("a[bcd]ef\n\nxyz", Render(lines));
        Assert.Equal(3, lines.Count);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("a\nb", 2)]
    [InlineData("a\n", 2)]
    public void LineCount_OnePerLine_AtLeastOne(string? text, int expected) =>
        Assert.Equal(expected, RuleTextMarks.LineCount(text));
}
