using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Transactions;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>/transactions</c>: begin on a base revision, stage operations (the batch's shapes), preview the
/// diff and the validation result, then commit with a message or abort. A commit whose base is no
/// longer the latest revision gets 409 and changes nothing.
/// </summary>
internal static class TransactionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/transactions").WithTags("transactions").RequireRole(AdminRole.Editor);

        group.MapPost("", async (HttpContext context, ConfigStore store, TransactionRegistry transactions) =>
            {
                var body = await ApiBody.ReadAsync<BeginTransactionRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var latest = store.Read();
                var based = body.Value!.BaseRevision is { } number && number != latest.Revision ? store.Read(number) : latest;
                if (based is null)
                {
                    return ApiProblems.Invalid([new("$.baseRevision", $"There is no revision {body.Value.BaseRevision}; the latest is {latest.Revision}.")]);
                }

                var transaction = transactions.Begin(ConfigWrites.Author(context), based);
                RevisionTags.Set(context.Response, based.Revision);
                context.Response.Headers.Location = EntityEndpoints.ChildLocation(context.Request, transaction.Id);
                return TypedResults.Json(Info(transactions, transaction), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithName("begin-transaction").WithSummary("Begins a transaction on a base revision (the latest when left out).")
            .AcceptsBody<BeginTransactionRequest>("application/json").Produces<TransactionInfo>(StatusCodes.Status201Created)
            .ProducesWriteProblems();

        group.MapGet("", (HttpContext context, TransactionRegistry transactions) =>
                TypedResults.Json(transactions.OpenedBy(ConfigWrites.Author(context)).Select(t => Info(transactions, t)).ToList(), ApiJson.Options))
            .WithName("list-transactions").WithSummary("The caller's open transactions.")
            .Produces<List<TransactionInfo>>().ProducesReadProblems();

        group.MapGet("/{id}", IResult (string id, HttpContext context, TransactionRegistry transactions) =>
                Find(context, transactions, id) is { } transaction ? TypedResults.Json(Info(transactions, transaction), ApiJson.Options) : NotFound(transactions, id))
            .WithName("get-transaction").WithSummary("One of the caller's open transactions.")
            .Produces<TransactionInfo>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/operations", async (string id, HttpContext context, TransactionRegistry transactions) =>
            {
                if (Find(context, transactions, id) is not { } transaction)
                {
                    return NotFound(transactions, id);
                }

                var body = await ApiBody.ReadAsync<OperationList>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                lock (transaction.Gate)
                {
                    var translator = new OperationTranslator(transaction.Document);
                    var operations = translator.Translate(body.Value!.Operations, "$.operations");
                    if (ConfigWrites.Refusal(translator) is { } refused)
                    {
                        return refused;
                    }

                    // Checked now, not at commit, so an operation that cannot apply is refused when it is staged.
                    var errors = new List<ValidationError>();
                    var document = OperationApplier.Apply(transaction.Document, operations, errors);
                    if (errors.Count > 0)
                    {
                        return ApiProblems.Invalid(errors);
                    }

                    transaction.Stage(operations, document);
                }

                return TypedResults.Json(Info(transactions, transaction), ApiJson.Options);
            })
            .WithName("stage-operations").WithSummary("Stages operations (the batch's shapes) in the transaction; nothing is committed yet.")
            .AcceptsBody<OperationList>("application/json").Produces<TransactionInfo>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/preview", async Task<IResult> (string id, HttpContext context, ConfigStore store, TransactionRegistry transactions) =>
            {
                if (Find(context, transactions, id) is not { } transaction)
                {
                    return NotFound(transactions, id);
                }

                var preview = await store.PreviewAsync(transaction.BaseRevision, transaction.Operations(), $"transaction {id}", context.RequestAborted);
                RevisionTags.Set(context.Response, transaction.BaseRevision);
                return TypedResults.Json(new TransactionPreview(
                    id, preview.BaseRevision, preview.LatestRevision, preview.IsStale, preview.IsValid,
                    [.. preview.Errors.Select(ApiError.From)],
                    [.. preview.Changes.Select(EntityChangeInfo.From)],
                    [.. preview.Lines.Select(DiffLineInfo.From)]), ApiJson.Options);
            })
            .WithName("preview-transaction").WithSummary("The transaction's changes against its base and the validation result, with every error's path (and line and column in rules).")
            .Produces<TransactionPreview>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/commit", async (string id, HttpContext context, ConfigStore store, TransactionRegistry transactions) =>
            {
                if (Find(context, transactions, id) is not { } transaction)
                {
                    return NotFound(transactions, id);
                }

                var body = await ApiBody.ReadAsync<CommitTransactionRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var operations = transaction.Operations();
                var (committed, problem) = await ConfigWrites.CommitAsync(context, store, transaction.BaseRevision, operations,
                    body.Value!.Message ?? $"transaction of {operations.Count} operations");
                if (problem is not null)
                {
                    return problem;
                }

                transactions.Remove(transaction);
                return TypedResults.Json(new CommitResponse(committed!.Revision, committed.Summary ?? ""), ApiJson.Options);
            })
            .WithName("commit-transaction").WithSummary("Commits the staged operations as one revision; 409 if its base is no longer the latest revision.")
            .AcceptsBody<CommitTransactionRequest>("application/json").Produces<CommitResponse>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).Commits();

        group.MapDelete("/{id}", IResult (string id, HttpContext context, TransactionRegistry transactions) =>
            {
                if (Find(context, transactions, id) is not { } transaction)
                {
                    return NotFound(transactions, id);
                }

                transactions.Remove(transaction);
                return TypedResults.NoContent();
            })
            .WithName("abort-transaction").WithSummary("Aborts the transaction; nothing of it was stored.")
            .Produces(StatusCodes.Status204NoContent).ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>For the simulator: the caller's open transaction.</summary>
    public static OpenTransaction? Find(HttpContext context, TransactionRegistry transactions, string id) =>
        transactions.Find(id, ConfigWrites.Author(context));

    private static ProblemHttpResult NotFound(TransactionRegistry transactions, string id) =>
        ApiProblems.NotFound($"There is no open transaction '{id}' of yours; transactions are dropped after {transactions.Timeout.TotalMinutes:0.#} minutes without activity.");

    private static TransactionInfo Info(TransactionRegistry transactions, OpenTransaction transaction) => new(
        transaction.Id, transaction.Author, transaction.BaseRevision, transaction.CreatedUtc, transactions.ExpiresUtc(transaction), transaction.Count);
}
