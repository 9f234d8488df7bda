using System.Text.Json.Nodes;
using Gateway.Admin.Api.Collections;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>GET/PUT /{listeners|routes|clusters}/{id}/rules</c>: the owner's rules as plain text, for editors.
/// ACLs and rules are not resources of their own: they are lines of this text. A PUT is validated
/// like any change; problems in the text come back with their line and column.
/// </summary>
internal static class RulesEndpoints
{
    private const string TextPlain = "text/plain";

    public static void Map(RouteGroupBuilder collectionGroup, IEntityCollection collection)
    {
        var noun = collection.Noun;
        collectionGroup.MapGet("/{id}/rules", (string id, HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                RevisionTags.Set(context.Response, latest.Revision);
                return EntityEndpoints.Find(collection, latest, id) is { } entity
                    ? TypedResults.Text(Text(collection.RulesOf(entity)), TextPlain + "; charset=utf-8")
                    : EntityEndpoints.NotFound(collection, id);
            })
            .WithName($"get-{noun}-rules").WithSummary($"The {noun}'s rules text (empty when it has none).")
            .Produces<string>(StatusCodes.Status200OK, TextPlain).ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);

        collectionGroup.MapPut("/{id}/rules", async (string id, HttpContext context, ConfigStore store) =>
            {
                if (EntityEndpoints.Find(collection, store.Read(), id) is null)
                {
                    return EntityEndpoints.NotFound(collection, id);
                }

                var body = await ApiBody.ReadTextAsync(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var patch = new JsonObject { ["rules"] = RulesText.Normalize(body.Value) };
                var (committed, problem) = await ConfigWrites.CommitAsync(context, store,
                    t => EntityEndpoints.Single(t.Translate(new OperationRequest("patch", collection.Name, id, Value: patch), "$")),
                    $"set the rules of {noun} {id}");
                return problem ?? TypedResults.Text(Text(collection.RulesOf(EntityEndpoints.Find(collection, store.Read(committed!.Revision)!, id)!)), TextPlain + "; charset=utf-8");
            })
            .WithName($"set-{noun}-rules").WithSummary($"Replaces the {noun}'s rules text (empty removes them). Needs If-Match.")
            .AcceptsBody<string>(TextPlain).Produces<string>(StatusCodes.Status200OK, TextPlain)
            .ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();
    }

    private static string Text(string? rules) => rules is null ? "" : rules + "\n";
}
