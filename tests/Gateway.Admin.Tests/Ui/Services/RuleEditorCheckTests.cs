using Gateway.Admin.Ui.Services.RulesEditor;
using Gateway.Admin.Store;
using Gateway.Admin.Tests.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;

namespace Gateway.Admin.Tests.Ui.Services;

public class RuleEditorCheckTests
{
    private static readonly GatewayConfig Sample = StoreHarness.Sample;

    [Fact]
    public void Check_ValidText_CountsAclsAndRules()
    {
        var result = RuleEditorCheck.Check(Sample, RuleScopeKind.Route, "site", "acl admin path_beg /admin\nhttp-request deny if admin\n\nhttp-response del-header Server");

        Assert.True(result.IsValid);
        Assert.Empty(result.Problems);
        Assert.Equal((1, 2), (result.AclCount, result.RuleCount));
    }

    [Fact]
    public void Check_UnknownAction_ProblemAtItsLineAndColumn_WithTheWordsLength()
    {
        var result = RuleEditorCheck.Check(Sample, RuleScopeKind.Route, "site", "http-request deny\n  http-request frobnicate");

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, 16, "frobnicate".Length), (problem.Line, problem.Column, problem.Length));
        Assert.Equal("frobnicate", problem.Found);
        Assert.False(string.IsNullOrEmpty(problem.Expected));
    }

    [Fact]
    public void Check_MapOnlyInThePendingDocument_IsKnown()
    {
        const string text = "http-request set-header X-Site %[req.hdr(host),map(pending,none)]";
        var pending = Sample with { Maps = [.. Sample.Maps, new MapConfig { Id = "pending", Entries = [new("a", "b")] }] };

        var withMap = RuleEditorCheck.Check(pending, RuleScopeKind.Listener, "web", text);
        var without = RuleEditorCheck.Check(Sample, RuleScopeKind.Listener, "web", text);

        Assert.True(withMap.IsValid);
        var problem = Assert.Single(without.Problems);
        Assert.Contains("no map 'pending'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Check_ConnectionRulesOutsideAListener_AreRefused()
    {
        const string text = "tcp-request connection reject";

        Assert.True(RuleEditorCheck.Check(Sample, RuleScopeKind.Listener, "web", text).IsValid);
        var problem = Assert.Single(RuleEditorCheck.Check(Sample, RuleScopeKind.Cluster, "api", text).Problems);
        Assert.Equal((1, 1), (problem.Line, problem.Column));
    }

    [Fact]
    public void Check_UnknownScope_SaysSoAtLineZero()
    {
        var problem = Assert.Single(RuleEditorCheck.Check(Sample, RuleScopeKind.Cluster, "ghost", "").Problems);

        Assert.Equal(0, problem.Line);
        Assert.Contains("no cluster 'ghost'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AgreesWithTheStore_LineColumnAndMessage()
    {
        using var harness = StoreHarness.Create();
        var revision = await harness.SeedSampleAsync();
        const string text = "acl api path_beg /api\nhttp-request deny if api missing";
        var operation = RuleEditorCheck.SetRules(harness.Store.Read().Document, RuleScopeKind.Route, "orders", text)!;

        var stored = await harness.Store.PreviewAsync(revision, [operation], "check");
        var edited = RuleEditorCheck.Check(harness.Store.Read().Document, RuleScopeKind.Route, "orders", text);

        var expected = Assert.Single(stored.Errors);
        var actual = Assert.Single(edited.Problems);
        Assert.Equal(("routes[orders].rules", expected.Line, expected.Column), ("routes[orders].rules", (int?)actual.Line, (int?)actual.Column));
        Assert.EndsWith(actual.Message, expected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetRules_NormalizesLikeTheStore_AndKnowsOnlyExistingScopes()
    {
        var operation = RuleEditorCheck.SetRules(Sample, RuleScopeKind.Cluster, "site", "http-response del-header Server\r\n\r\n")!;

        Assert.Equal((OperationType.Update, EntityKind.Cluster), (operation.Type, operation.Kind));
        Assert.Equal("http-response del-header Server", ((ClusterConfig)operation.Entity!).Rules);
        Assert.Null(((ClusterConfig)RuleEditorCheck.SetRules(Sample, RuleScopeKind.Cluster, "site", "  \n")!.Entity!).Rules);
        Assert.Null(RuleEditorCheck.SetRules(Sample, RuleScopeKind.Route, "ghost", "x"));
    }

    [Theory]
    [InlineData(RuleScopeKind.Listener, "internal", "internal")]
    [InlineData(RuleScopeKind.Route, "users", "internal")]
    [InlineData(RuleScopeKind.Route, "site", "web")]
    [InlineData(RuleScopeKind.Cluster, "api", "web")]
    public void ListenerFor_PicksAListenerThatReachesTheScope(RuleScopeKind kind, string id, string expected) =>
        Assert.Equal(expected, RuleEditorCheck.ListenerFor(Sample, kind, id));

    [Theory]
    [InlineData("route", true)]
    [InlineData("Cluster", true)]
    [InlineData("server", false)]
    [InlineData("1", false)]
    [InlineData(null, false)]
    public void TryParseKind_OnlyTheThreeScopes(string? text, bool expected) =>
        Assert.Equal(expected, RuleEditorCheck.TryParseKind(text, out _));
}
