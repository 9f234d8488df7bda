using System.Net;
using Gateway.Core.Configuration;
using Gateway.Explain;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Http;

/// <summary>Per-rule hit counters: live traffic counts, each rule from the revision it appeared in as written; simulations do not count.</summary>
public class RuleHitCountingTests
{
    private const string Rules = "http-request deny if { path_beg /no }\nhttp-request set-header X-Seen 1";

    [Fact]
    public async Task Hits_CountLiveTraffic_AndSurviveACommitThatLeavesTheRuleAlone()
    {
        await using var backend = await BackendServer.StartAsync("b");
        var config = TestConfigs.OneRoute(backend) is var one ? one with { Routes = [.. one.Routes.Select(r => r with { Rules = Rules })] } : null!;
        await using var gateway = await GatewayTestHost.StartAsync(config);
        var first = gateway.Snapshot.Version;

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client.GetAsync(gateway.Url("web", "/no"))).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.Url("web", "/ok"))).StatusCode);
        }

        // A simulation runs the same rules and counts nothing.
        gateway.Services.GetRequiredService<GatewayExplainer>().Explain(new ExplainRequest { Listener = "web", Url = "/no" });

        var route = config.Routes[0].Id;
        var hits = gateway.Snapshot.Rules.Route(route).Hits();
        Assert.Equal([(1, 2L, first), (2, 3L, first)], hits.Select(h => (h.Line, h.Count, h.Since)));

        // The second rule changes, the first does not: the first keeps its count and its revision.
        gateway.Source.Update(config with { Routes = [config.Routes[0] with { Rules = Rules.Replace("X-Seen 1", "X-Seen 2", StringComparison.Ordinal) }] });
        await Eventually.TrueAsync(() => gateway.Snapshot.Version != first, "the new configuration in force");
        var second = gateway.Snapshot.Version;
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client.GetAsync(gateway.Url("web", "/no"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.Url("web", "/ok"))).StatusCode);

        hits = gateway.Snapshot.Rules.Route(route).Hits();
        Assert.Equal([(1, 3L, first), (2, 1L, second)], hits.Select(h => (h.Line, h.Count, h.Since)));
    }
}
