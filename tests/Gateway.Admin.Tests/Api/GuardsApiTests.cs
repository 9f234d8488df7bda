using System.Net;
using Gateway.Admin.Guard;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Api;

/// <summary>
/// How guards show in <c>GET /api/v1/guards</c>: with the node that holds them and when their window ends; and what the
/// API and the log say about a guard a stop ended or a restart forgot (guards are kept in memory only).
/// </summary>
public class GuardsApiTests
{
    [Fact]
    public async Task GuardedCommit_IsListed_WithTheNodeThatWatchesIt_AndItsWindowEnd()
    {
        await using var host = await ApiHost.StartAsync(args: ["--Gateway:Node:Name=node-a"]);

        using var committed = await host.SendAsync(HttpMethod.Post, "clusters?guard=45s", ApiHost.Json(new { id = "c" }));
        using var list = await host.Admin.GetAsync("guards");
        var guards = (await ApiHost.ReadJsonAsync(list)).AsArray();

        Assert.Equal(HttpStatusCode.Created, committed.StatusCode);
        var guard = Assert.Single(guards)!;
        Assert.Equal(host.Revision, (long?)guard["revision"]);
        Assert.Equal("watching", (string?)guard["outcome"]);
        Assert.Null(guard["reason"]);
        Assert.Equal("node-a", (string?)guard["node"]);
        Assert.Equal(guard["started"]!.GetValue<DateTimeOffset>() + TimeSpan.FromSeconds(45), guard["windowEnds"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task GuardOfARevisionThisNodeDoesNotHold_Is404_SayingGuardsAreInMemory()
    {
        await using var host = await ApiHost.StartAsync(args: ["--Gateway:Node:Name=node-a"]);

        using var missing = await host.Admin.GetAsync($"guards/{host.Revision}");
        var problem = await ApiHost.ReadJsonAsync(missing);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var detail = (string?)problem["detail"];
        Assert.Contains("node-a", detail, StringComparison.Ordinal);
        Assert.Contains("restarted", detail, StringComparison.Ordinal);
        Assert.Contains("memory", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_EndsAWatchingGuard_Unjudged_KeepsTheCommit_AndLogsIt()
    {
        await using var host = await ApiHost.StartAsync();
        using var committed = await host.SendAsync(HttpMethod.Post, "clusters?guard=60s", ApiHost.Json(new { id = "c" }));
        var revision = host.Revision;
        var guards = host.Services.GetRequiredService<CommitGuard>();
        var guard = guards.Find(revision)!;

        // What the host does to it when it stops (a restart begins so); disposing twice, as the host will again, is harmless.
        guards.Dispose();
        await Eventually.TrueAsync(() => guard.Outcome != GuardOutcome.Watching, "the guard is decided", TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Created, committed.StatusCode);
        Assert.Equal(GuardOutcome.NotRewound, guard.Outcome);
        Assert.Contains("stopped before the window closed", guard.Reason, StringComparison.Ordinal);
        Assert.Equal(revision, host.Revision);
        await Eventually.TrueAsync(() => host.Logs.Entries.Any(e => e.Message.Contains($"Guard of revision {revision} ended unjudged", StringComparison.Ordinal)),
            "the stop is logged");
    }
}
