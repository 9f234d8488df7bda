using System.Text.Json.Nodes;
using Gateway.Admin.Api.Collections;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary>
/// List, get, create (POST), replace (PUT), patch (PATCH, JSON merge patch) and delete for one
/// top-level collection. Bodies and answers are entities in the canonical document's shape.
/// </summary>
internal static class EntityEndpoints
{
    public static RouteGroupBuilder Map<TWire>(RouteGroupBuilder api, IEntityCollection collection)
        where TWire : class
    {
        var group = api.MapGroup($"/{collection.Name}").WithTags(collection.Name);
        var noun = collection.Noun;

        group.MapGet("", (HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                RevisionTags.Set(context.Response, latest.Revision);
                var items = collection.Items(latest.Document).OrderBy(collection.IdOf, StringComparer.OrdinalIgnoreCase).ThenBy(collection.IdOf, StringComparer.Ordinal);
                return TypedResults.Json(new JsonArray([.. items.Select(collection.ToJson)]), ApiJson.Options);
            })
            .WithName($"list-{collection.Name}").WithSummary($"Every {noun}, sorted by id.")
            .Produces<List<TWire>>().ProducesReadProblems().RequireRole(AdminRole.Viewer);

        group.MapGet("/{id}", (string id, HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                RevisionTags.Set(context.Response, latest.Revision);
                return Find(collection, latest, id) is { } entity
                    ? TypedResults.Json(collection.ToJson(entity), ApiJson.Options)
                    : NotFound(collection, id);
            })
            .WithName($"get-{noun}").WithSummary($"One {noun}.")
            .Produces<TWire>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);

        group.MapPost("", async (HttpContext context, ConfigStore store) =>
            {
                var body = await ApiBody.ReadObjectAsync(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var id = body.Value!["id"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
                var (committed, problem) = await ConfigWrites.CommitAsync(context, store,
                    t => Single(t.Translate(new OperationRequest("create", collection.Name, Value: body.Value), "$", "$")),
                    $"create {noun} {id}");
                if (problem is not null)
                {
                    return problem;
                }

                var created = Find(collection, store.Read(committed!.Revision)!, id)!;
                context.Response.Headers.Location = ChildLocation(context.Request, collection.IdOf(created));
                return TypedResults.Json(collection.ToJson(created), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithName($"create-{noun}").WithSummary($"Creates a {noun}. Needs If-Match with the latest revision.")
            .AcceptsBody<TWire>("application/json").Produces<TWire>(StatusCodes.Status201Created).ProducesWriteProblems().RequireRole(AdminRole.Editor).Commits();

        group.MapPut("/{id}", (string id, HttpContext context, ConfigStore store) => ChangeAsync(context, store, collection, id, "replace"))
            .WithName($"replace-{noun}").WithSummary($"Replaces a {noun} whole (its id may be left out of the body). Needs If-Match.")
            .AcceptsBody<TWire>("application/json").Produces<TWire>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();

        group.MapPatch("/{id}", (string id, HttpContext context, ConfigStore store) => ChangeAsync(context, store, collection, id, "patch"))
            .WithName($"patch-{noun}").WithSummary($"Changes some fields of a {noun} (JSON merge patch: null removes a field). Needs If-Match.")
            .AcceptsBody<TWire>("application/merge-patch+json", "application/json").Produces<TWire>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();

        group.MapDelete("/{id}", async (string id, HttpContext context, ConfigStore store) =>
            {
                if (Find(collection, store.Read(), id) is null)
                {
                    return NotFound(collection, id);
                }

                var (_, problem) = await ConfigWrites.CommitAsync(context, store,
                    t => Single(t.Translate(new OperationRequest("delete", collection.Name, id), "$")), $"delete {noun} {id}");
                return problem ?? TypedResults.NoContent();
            })
            .WithName($"delete-{noun}").WithSummary($"Deletes a {noun}; refused while something uses it. Needs If-Match.")
            .Produces(StatusCodes.Status204NoContent).ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();

        return group;
    }

    public static object? Find(IEntityCollection collection, StoredDocument document, string id) =>
        collection.Items(document.Document).FirstOrDefault(e => collection.IdOf(e).Equals(id, StringComparison.OrdinalIgnoreCase));

    public static IResult NotFound(IEntityCollection collection, string id) =>
        ApiProblems.NotFound($"There is no {collection.Noun} with id '{id}'.");

    /// <summary>The URL of a resource just created under the collection the request was posted to.</summary>
    public static string ChildLocation(HttpRequest request, string id) =>
        $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{Uri.EscapeDataString(id)}";

    public static IReadOnlyList<ConfigOperation> Single(ConfigOperation? operation) => operation is null ? [] : [operation];

    private static async Task<IResult> ChangeAsync(HttpContext context, ConfigStore store, IEntityCollection collection, string id, string op)
    {
        if (Find(collection, store.Read(), id) is null)
        {
            return NotFound(collection, id);
        }

        var body = await ApiBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (committed, problem) = await ConfigWrites.CommitAsync(context, store,
            t => Single(t.Translate(new OperationRequest(op, collection.Name, id, Value: body.Value), "$", "$")),
            $"{op} {collection.Noun} {id}");
        return problem ?? TypedResults.Json(collection.ToJson(Find(collection, store.Read(committed!.Revision)!, id)!), ApiJson.Options);
    }
}
