using System.Text.Json.Nodes;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/revisions</c>: history (paged, newest first), one revision, the diff of two, and rewind.</summary>
internal static class RevisionsApi
{
    private const int MaxPageSize = 500;
    private const int DefaultDiffContext = 3;
    private const int DefaultLinesPageSize = 2000;
    private const int MaxLinesPageSize = 20000;

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/revisions").WithTags("revisions");

        group.MapGet("", IResult (HttpContext context, ConfigStore store, int? page, int? pageSize) =>
            {
                var number = page ?? 1;
                var size = pageSize ?? 50;
                if (number < 1 || size < 1 || size > MaxPageSize)
                {
                    return ApiProblems.Malformed(number < 1 ? "page" : "pageSize", $"page is 1 or more; pageSize is 1 to {MaxPageSize}.");
                }

                var latest = store.Read().Revision;
                RevisionTags.Set(context.Response, latest);
                var items = store.History(number, size).Select(RevisionInfo.From).ToList();
                return TypedResults.Json(new RevisionPage(items, number, size, latest), ApiJson.Options);
            })
            .WithName("list-revisions").WithSummary("History, newest first: author, time, message and a summary of each revision's changes.")
            .Produces<RevisionPage>().ProducesReadProblems().ProducesProblem(StatusCodes.Status400BadRequest).RequireRole(AdminRole.Viewer);

        group.MapGet("/{number:long}", IResult (long number, HttpContext context, ConfigStore store) =>
            {
                if (store.Get(number) is not { } revision)
                {
                    return NoSuchRevision(store, number);
                }

                RevisionTags.Set(context.Response, number);
                var detail = new RevisionDetail(
                    RevisionInfo.From(revision.Info),
                    [.. revision.Changes.Select(EntityChangeInfo.From)],
                    revision.CanonicalDocument is { } document ? JsonNode.Parse(document) : null,
                    revision.CanonicalDocument is null);
                return TypedResults.Json(detail, ApiJson.Options);
            })
            .WithName("get-revision").WithSummary("One revision: its history line, the entity changes it made (before and after), and its whole document.")
            .Produces<RevisionDetail>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);

        group.MapGet("/diff", IResult (HttpContext context, ConfigStore store, long from, long to, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "context")] int? around, int? linesPage, int? linesPageSize) =>
            {
                var folding = around ?? DefaultDiffContext;
                var page = linesPage ?? 1;
                var size = linesPageSize ?? DefaultLinesPageSize;
                if (folding < 0 || page < 1 || size < 1 || size > MaxLinesPageSize)
                {
                    return ApiProblems.Malformed(folding < 0 ? "context" : page < 1 ? "linesPage" : "linesPageSize",
                        $"context is 0 or more; linesPage is 1 or more; linesPageSize is 1 to {MaxLinesPageSize}.");
                }

                if (store.Diff(from, to) is not { } diff)
                {
                    return NoSuchRevision(store, store.Read(from) is null ? from : to);
                }

                RevisionTags.Set(context.Response, store.Read().Revision);
                var lines = LineDiff.Fold(diff.Lines, folding);
                var pageLines = lines.Skip((page - 1) * size).Take(size).Select(DiffLineInfo.From).ToList();
                int? next = (long)page * size < lines.Count ? page + 1 : null;
                return TypedResults.Json(new RevisionDiffInfo(diff.From, diff.To, [.. diff.Changes.Select(EntityChangeInfo.From)], pageLines, folding, lines.Count, page, size, next), ApiJson.Options);
            })
            .WithName("diff-revisions").WithSummary("What changed from one revision to another: entities with the field paths that differ, and one page of the line diff of the canonical documents, unchanged lines beyond `context` (default 3) folded.")
            .Produces<RevisionDiffInfo>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).RequireRole(AdminRole.Viewer);

        group.MapPost("/{number:long}/rewind", async (long number, HttpContext context, ConfigStore store, string? message) =>
            {
                var latest = store.Read().Revision;
                if (store.Read(number) is null)
                {
                    return NoSuchRevision(store, number);
                }

                if (RevisionTags.CheckIfMatch(context.Request, latest) is { } precondition)
                {
                    RevisionTags.Set(context.Response, latest);
                    return precondition;
                }

                var result = await store.RewindAsync(number, latest, ConfigWrites.Author(context), message ?? $"rewind to revision {number}", CancellationToken.None);
                var (committed, problem) = ConfigWrites.Answer(context, result, latest);
                return problem ?? TypedResults.Json(new CommitResponse(committed!.Revision, committed.Summary ?? ""), ApiJson.Options);
            })
            .WithName("rewind").WithSummary("Commits, as a new revision, the document of an earlier one (history is never rewritten). Needs If-Match.")
            .Produces<CommitResponse>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).RequireRole(AdminRole.Editor);
    }

    private static ProblemHttpResult NoSuchRevision(ConfigStore store, long number) => store.IsPruned(number)
        ? ApiProblems.Gone($"Revision {number}'s document was removed by the retention policy (Gateway:Database:Retention); its history line and changes are kept.")
        : ApiProblems.NotFound($"There is no revision {number}; the latest is {store.Read().Revision}.");
}
