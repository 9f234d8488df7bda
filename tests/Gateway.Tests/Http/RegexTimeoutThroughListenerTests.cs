using System.Net;
using Gateway.Core.Configuration;
using Gateway.Http;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http;

/// <summary>A regex that runs out of time refuses the request (counted, logged once per interval), never lets it past a deny.</summary>
public class RegexTimeoutThroughListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    [Fact]
    public async Task LongPath_AgainstABacktrackingDeny_IsRefused_CountedAndLoggedOnce()
    {
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener() with { Rules = "http-request deny if { path_reg (*BACKTRACK)^/api/(a+)+$ }" }],
            Routes = [Route("api", "a", "/api/{**rest}")],
            Clusters = [Cluster("a", backends.A)],
        });
        var before = backends.A.Requests;
        var attack = host.Url("web", "/api/" + new string('a', 40) + "!");

        using var first = await host.Client.GetAsync(attack);
        using var second = await host.Client.GetAsync(attack);
        using var harmless = await host.Client.GetAsync(host.Url("web", "/api/b"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, harmless.StatusCode));
        Assert.Equal(before + 1, backends.A.Requests);
        Assert.Equal(2, host.Services.GetRequiredService<RegexTimeoutReporter>().Count);
        Assert.Single(host.Logs.Entries, e => e.Message.Contains("ran out of time", StringComparison.Ordinal));
    }
}
