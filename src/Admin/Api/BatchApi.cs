using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>POST /batch</c>: a list of operations committed together as one revision, or not at all.</summary>
internal static class BatchApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/batch", async (HttpContext context, ConfigStore store) =>
            {
                var body = await ApiBody.ReadAsync<BatchRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var batch = body.Value!;
                var (committed, problem) = await ConfigWrites.CommitAsync(context, store,
                    t => t.Translate(batch.Operations, "$.operations"),
                    batch.Message ?? $"batch of {batch.Operations.Count} operations");
                return problem ?? TypedResults.Json(new CommitResponse(committed!.Revision, committed.Summary ?? ""), ApiJson.Options);
            })
            .WithTags("batch").WithName("batch").WithSummary("Applies the operations in order and commits them as one revision. Needs If-Match.")
            .AcceptsBody<BatchRequest>("application/json").Produces<CommitResponse>().ProducesWriteProblems().RequireRole(AdminRole.Editor).Commits();
    }
}
