using Gateway.Admin.Tests.Store;
using Gateway.Admin.Ui.Services.RulesEditor;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;

namespace Gateway.Admin.Tests.Ui.Services;

public class RuleEditorViewTests
{
    [Fact]
    public void Stored_TextWithProblems_ListsEveryProblem_NotOnlyTheirCount()
    {
        var document = StoreHarness.Sample with
        {
            Routes = [.. StoreHarness.Sample.Routes.Select(r => r.Id == "site" ? r with { Rules = "http-request deny\nhttp-request frobnicate\nhttp-request wobble" } : r)],
        };

        var view = RuleEditorView.Stored(document, RuleScopeKind.Route, "site");

        Assert.Equal("http-request deny\nhttp-request frobnicate\nhttp-request wobble", view.Text);
        Assert.Equal("2 problems.", view.Status);
        Assert.Equal([(2, "frobnicate"), (3, "wobble")], view.Problems.Select(p => (p.Line, p.Found)));
    }

    [Fact]
    public void Stored_ValidText_CountsAclsAndRules()
    {
        var view = RuleEditorView.Stored(StoreHarness.Sample with
        {
            Listeners = [.. StoreHarness.Sample.Listeners.Select(l => l with { Rules = "acl admin path_beg /admin\nhttp-request deny if admin" })],
        }, RuleScopeKind.Listener, StoreHarness.Sample.Listeners[0].Id);

        Assert.Empty(view.Problems);
        Assert.Equal("No problems: 1 ACL, 1 rule.", view.Status);
    }

    [Fact]
    public void For_TheTextSent_IsCheckedInsteadOfTheStoredOne()
    {
        var view = RuleEditorView.For(StoreHarness.Sample, RuleScopeKind.Route, "site", "http-request frobnicate");

        Assert.Equal("1 problem.", view.Status);
        Assert.Equal((1, 14), (view.Problems.Single().Line, view.Problems.Single().Column));
    }
}
