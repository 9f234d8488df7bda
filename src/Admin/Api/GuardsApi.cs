using System.Text.Json.Serialization;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Guard;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>GET /guards</c>, <c>GET /guards/{revision}</c>: guarded commits, watching or decided, and what the guard did.</summary>
internal static class GuardsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/guards", (CommitGuard guard) => TypedResults.Json(guard.Recent.Select(GuardInfo.From).ToList(), ApiJson.Options))
            .WithTags("guards").WithName("list-guards").WithSummary("Guarded commits, newest first: those still watching and the last few decided (kept, rewound, or not rewound and why).")
            .Produces<List<GuardInfo>>().ProducesReadProblems().RequireRole(AdminRole.Viewer);

        api.MapGet("/guards/{number:long}", IResult (long number, CommitGuard guard) =>
                guard.Find(number) is { } found
                    ? TypedResults.Json(GuardInfo.From(found), ApiJson.Options)
                    : ApiProblems.NotFound($"Revision {number} has no recent guard."))
            .WithTags("guards").WithName("get-guard").WithSummary("The guard of one revision: the routes it watches, its window, and its outcome.")
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
    [property: JsonPropertyName("decided")] DateTimeOffset? Decided)
{
    public static GuardInfo From(GuardState guard) => new(guard.Revision, guard.Previous, guard.Author, guard.Routes, guard.Window.TotalSeconds,
        guard.Started, OutcomeName(guard.Outcome), guard.Reason, guard.RewindRevision, guard.Decided);

    private static string OutcomeName(GuardOutcome outcome) => outcome switch
    {
        GuardOutcome.Watching => "watching",
        GuardOutcome.Kept => "kept",
        GuardOutcome.Rewound => "rewound",
        _ => "not-rewound",
    };
}
