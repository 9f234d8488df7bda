using Gateway.Admin.Ui.Services.Simulation;
using Gateway.Admin.Tests.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Validation;
using Gateway.Explain;
using Gateway.Management;
using Gateway.Model;

namespace Gateway.Admin.Tests.Ui.Services;

public class RequestSimulatorTests
{
    private static RequestSimulator Simulator(StoreHarness harness) =>
        new(harness.Get<IGatewaySnapshotAccessor>(), harness.Get<IGatewaySnapshotPublisher>(), harness.Get<GatewayExplainer>());

    private static GatewayConfig WithSiteRules(GatewayConfig document, string rules) =>
        document with { Routes = [.. document.Routes.Select(r => r.Id == "site" ? r with { Rules = rules } : r)] };

    [Fact]
    public async Task CompareAsync_DenyStagedOnARoute_LiveForwardsPendingAnswers403()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        var pending = WithSiteRules(harness.Store.Read().Document, "http-request deny if { path_beg /private }");
        var errors = new List<ValidationError>();

        var comparison = await Simulator(harness).CompareAsync(pending, new SampleRequest { Url = "http://www.example.com/private/x" }, errors);

        Assert.Empty(errors);
        Assert.True(comparison!.Differs);
        Assert.Equal((ExplainOutcome.Forwarded, "site", (int?)null), (comparison.Live.Kind, comparison.Live.Route, comparison.Live.Status));
        Assert.Equal((ExplainOutcome.Answered, (int?)403), (comparison.Pending.Kind, comparison.Pending.Status));
        Assert.StartsWith("live (revision 1", comparison.Live.Target, StringComparison.Ordinal);
        var fired = Assert.Single(comparison.Pending.Fired);
        Assert.Equal(("route site", 1), (fired.Scope, fired.Line));
    }

    [Fact]
    public async Task CompareAsync_SameOutcome_DoesNotDiffer()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        var pending = WithSiteRules(harness.Store.Read().Document, "http-request deny if { path_beg /private }");

        var comparison = await Simulator(harness).CompareAsync(pending, new SampleRequest { Url = "http://www.example.com/public" }, []);

        Assert.False(comparison!.Differs);
        Assert.Equal(ExplainOutcome.Forwarded, comparison.Pending.Kind);
        var skipped = Assert.Single(comparison.Pending.Skipped, t => t.Scope == "route site");
        Assert.Equal(1, skipped.Line);
    }

    [Fact]
    public async Task CompareAsync_BadSample_EveryFieldAtFault_NothingExplained()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        var errors = new List<ValidationError>();
        var sample = new SampleRequest { Method = "GE T", Url = "nowhere", Headers = "Accept: text/html\nno colon here", ClientAddress = "10.0.0.300" };

        var comparison = await Simulator(harness).CompareAsync(harness.Store.Read().Document, sample, errors);

        Assert.Null(comparison);
        Assert.Equal(["Method", "Url", "Headers", "ClientAddress"], errors.Select(e => e.Path));
        Assert.StartsWith("Line 2:", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareAsync_InvalidPending_SaysWhyInPlaceOfAnOutcome()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        var pending = WithSiteRules(harness.Store.Read().Document, "http-request frobnicate");

        var comparison = await Simulator(harness).CompareAsync(pending, new SampleRequest(), []);

        Assert.True(comparison!.Live.IsExplained);
        Assert.False(comparison.Pending.IsExplained);
        Assert.Contains("routes[site].rules", comparison.Pending.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareAsync_UnknownListener_SaysWhichExist()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();

        var comparison = await Simulator(harness).CompareAsync(harness.Store.Read().Document, new SampleRequest { Listener = "nope" }, []);

        Assert.False(comparison!.Live.IsExplained);
        Assert.Contains("known: web, internal", comparison.Live.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewRulesAsync_EditedText_FiresOnTheSampleWithoutStagingIt()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        var pending = harness.Store.Read().Document;
        const string text = "acl admin path_beg /orders/admin\nhttp-request return status 418 if admin";
        var simulator = Simulator(harness);

        var hit = await simulator.PreviewRulesAsync(pending, RuleScopeKind.Cluster, "api", text, new SampleRequest { Url = "/orders/admin/users" }, []);
        var miss = await simulator.PreviewRulesAsync(pending, RuleScopeKind.Cluster, "api", text, new SampleRequest { Url = "/orders/list" }, []);
        var missing = new List<ValidationError>();
        var ghost = await simulator.PreviewRulesAsync(pending, RuleScopeKind.Cluster, "ghost", text, new SampleRequest(), missing);

        Assert.Equal((ExplainOutcome.Answered, (int?)418), (hit!.Kind, hit.Status));
        Assert.Contains(hit.In("cluster api"), t => t.Kind == TraceEntryKind.RuleFired && t.Line == 2);
        Assert.NotEqual(ExplainOutcome.Answered, miss!.Kind);
        Assert.Null(ghost);
        Assert.Equal("scope", Assert.Single(missing).Path);
        Assert.DoesNotContain("418", harness.Store.Read().Document.Clusters.Single(c => c.Id == "api").Rules ?? "", StringComparison.Ordinal);
    }
}
