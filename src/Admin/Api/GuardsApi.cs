using System.Text.Json.Serialization;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Guard;
using Gateway.Admin.Nodes;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Api;

/// <summary><c>GET /guards</c>, <c>GET /guards/{revision}</c>: guarded commits, watching or decided, and what the guard did.</summary>
internal static class GuardsApi
{
    private const string InMemory = "Guards are kept in the memory of the node that took the commit and watch that node's traffic: another node lists "
        + "none of them, and a restart ends those watching (their commits stay, unjudged; the log says so) and forgets the rest.";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/guards", (CommitGuard guard, IOptions<NodeOptions> node) =>
                TypedResults.Json(guard.Recent.Select(g => GuardInfo.From(g, node.Value.Name)).ToList(), ApiJson.Options))
            .WithTags("guards").WithName("list-guards")
            .WithSummary("Guarded commits of this node since it started, newest first: those still watching and the last few decided (kept, rewound, or not rewound and why).")
            .WithDescription(InMemory)
            .Produces<List<GuardInfo>>().ProducesReadProblems().RequireRole(AdminRole.Viewer);

        api.MapGet("/guards/{number:long}", IResult (long number, CommitGuard guard, IOptions<NodeOptions> node) =>
                guard.Find(number) is { } found
                    ? TypedResults.Json(GuardInfo.From(found, node.Value.Name), ApiJson.Options)
                    : ApiProblems.NotFound($"Node '{node.Value.Name}' has no guard of revision {number}: it was not guarded here, or it was decided " +
                        $"before the last {CommitGuard.KeptDecided} decided guards, or this node restarted since (guards are kept in memory only; " +
                        "the log has a line for each guard a stop ended unjudged)."))
            .WithTags("guards").WithName("get-guard").WithSummary("The guard of one revision: the routes it watches, its window, and its outcome.")
            .WithDescription(InMemory)
            .Produces<GuardInfo>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);
    }
}

/// <summary>A guarded commit as the API shows it.</summary>
internal sealed record GuardInfo(
    [property: JsonPropertyName("revision")] long Revision,
    [property: JsonPropertyName("previous")] long Previous,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("routes")] IReadOnlyList<string> Routes,
    [property: JsonPropertyName("windowSeconds")] double WindowSeconds,
    [property: JsonPropertyName("started")] DateTimeOffset Started,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("rewindRevision")] long? RewindRevision,
    [property: JsonPropertyName("decided")] DateTimeOffset? Decided,
    [property: JsonPropertyName("windowEnds")] DateTimeOffset WindowEnds,
    [property: JsonPropertyName("node")] string Node)
{
    /// <param name="node">The node whose memory holds the guard and whose traffic it watches.</param>
    public static GuardInfo From(GuardState guard, string node)
    {
        // The decision is read once: a guard decided while this runs is shown whole, never as "watching" with a reason.
        var decision = guard.Decision;
        return new(guard.Revision, guard.Previous, guard.Author, guard.Routes, guard.Window.TotalSeconds, guard.Started,
            OutcomeName(decision?.Outcome ?? GuardOutcome.Watching), decision?.Reason, decision?.RewindRevision, decision?.At, guard.WindowEnds, node);
    }

    private static string OutcomeName(GuardOutcome outcome) => outcome switch
    {
        GuardOutcome.Watching => "watching",
        GuardOutcome.Kept => "kept",
        GuardOutcome.Rewound => "rewound",
        _ => "not-rewound",
    };
}
