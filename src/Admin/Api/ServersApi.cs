using System.Text.Json.Nodes;
using Gateway.Admin.Api.Collections;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/clusters/{cluster}/servers</c>: a cluster's servers one by one; each write is a change to the cluster.</summary>
internal static class ServersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/clusters/{cluster}/servers").WithTags("servers");

        group.MapGet("", IResult (string cluster, HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                RevisionTags.Set(context.Response, latest.Revision);
                return Cluster(latest, cluster) is { } found
                    ? TypedResults.Json(new JsonArray([.. found.Servers.OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase).Select(ServerEntities.ToJson)]), ApiJson.Options)
                    : ClusterNotFound(cluster);
            })
            .WithName("list-servers").WithSummary("A cluster's servers, sorted by id.")
            .Produces<List<ServerJson>>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);

        group.MapGet("/{id}", IResult (string cluster, string id, HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                RevisionTags.Set(context.Response, latest.Revision);
                return Server(latest, cluster, id) is { } server ? TypedResults.Json(ServerEntities.ToJson(server), ApiJson.Options) : NotFound(latest, cluster, id);
            })
            .WithName("get-server").WithSummary("One server of a cluster.")
            .Produces<ServerJson>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);

        group.MapPost("", async (string cluster, HttpContext context, ConfigStore store) =>
            {
                if (Cluster(store.Read(), cluster) is null)
                {
                    return ClusterNotFound(cluster);
                }

                var body = await ApiBody.ReadObjectAsync(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var id = body.Value!["id"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
                var (committed, problem) = await ConfigWrites.CommitAsync(context, store,
                    t => EntityEndpoints.Single(t.Translate(new OperationRequest("create", ServerEntities.Collection, Cluster: cluster, Value: body.Value), "$", "$")),
                    $"create server {id} in cluster {cluster}");
                if (problem is not null)
                {
                    return problem;
                }

                var created = Server(store.Read(committed!.Revision)!, cluster, id)!;
                context.Response.Headers.Location = EntityEndpoints.ChildLocation(context.Request, created.Id);
                return TypedResults.Json(ServerEntities.ToJson(created), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithName("create-server").WithSummary("Adds a server to a cluster. Needs If-Match.")
            .AcceptsBody<ServerJson>("application/json").Produces<ServerJson>(StatusCodes.Status201Created)
            .ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();

        group.MapPut("/{id}", (string cluster, string id, HttpContext context, ConfigStore store) => ChangeAsync(context, store, cluster, id, "replace"))
            .WithName("replace-server").WithSummary("Replaces a server whole. Needs If-Match.")
            .AcceptsBody<ServerJson>("application/json").Produces<ServerJson>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();

        group.MapPatch("/{id}", (string cluster, string id, HttpContext context, ConfigStore store) => ChangeAsync(context, store, cluster, id, "patch"))
            .WithName("patch-server").WithSummary("Changes some fields of a server (JSON merge patch), e.g. {\"state\":\"drain\"}. Needs If-Match.")
            .AcceptsBody<ServerJson>("application/merge-patch+json", "application/json").Produces<ServerJson>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();

        group.MapDelete("/{id}", async (string cluster, string id, HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                if (Server(latest, cluster, id) is null)
                {
                    return NotFound(latest, cluster, id);
                }

                var (_, problem) = await ConfigWrites.CommitAsync(context, store,
                    t => EntityEndpoints.Single(t.Translate(new OperationRequest("delete", ServerEntities.Collection, id, cluster), "$")),
                    $"delete server {id} from cluster {cluster}");
                return problem ?? TypedResults.NoContent();
            })
            .WithName("delete-server").WithSummary("Removes a server from its cluster. Needs If-Match.")
            .Produces(StatusCodes.Status204NoContent).ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor).Commits();
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, ConfigStore store, string cluster, string id, string op)
    {
        var latest = store.Read();
        if (Server(latest, cluster, id) is null)
        {
            return NotFound(latest, cluster, id);
        }

        var body = await ApiBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (committed, problem) = await ConfigWrites.CommitAsync(context, store,
            t => EntityEndpoints.Single(t.Translate(new OperationRequest(op, ServerEntities.Collection, id, cluster, body.Value), "$", "$")),
            $"{op} server {id} in cluster {cluster}");
        return problem ?? TypedResults.Json(ServerEntities.ToJson(Server(store.Read(committed!.Revision)!, cluster, id)!), ApiJson.Options);
    }

    private static ClusterConfig? Cluster(StoredDocument document, string id) =>
        document.Document.Clusters.FirstOrDefault(c => c.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    private static ServerConfig? Server(StoredDocument document, string cluster, string id) =>
        Cluster(document, cluster) is { } found ? ServerEntities.Find(found, id) : null;

    private static ProblemHttpResult ClusterNotFound(string cluster) => ApiProblems.NotFound($"There is no cluster with id '{cluster}'.");

    private static ProblemHttpResult NotFound(StoredDocument document, string cluster, string id) =>
        Cluster(document, cluster) is null ? ClusterNotFound(cluster) : ApiProblems.NotFound($"Cluster '{cluster}' has no server with id '{id}'.");
}
