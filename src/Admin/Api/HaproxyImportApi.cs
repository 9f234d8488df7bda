using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Configuration;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Transactions;
using Gateway.Core.Import.Haproxy;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>POST /config/import/haproxy</c> (text/plain): converts a haproxy.cfg into a document and stages it,
/// replacing the configuration, in a new transaction: nothing changes until that transaction is committed
/// (<c>/transactions/{id}/preview</c> shows the diff). The answer lists every line not converted and why.
/// </summary>
internal static class HaproxyImportApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGroup("/config").WithTags("config").MapPost("/import/haproxy", async (HttpContext context, ConfigStore store, TransactionRegistry transactions, IOptions<AdminOptions> options) =>
            {
                var body = await ApiBody.ReadTextAsync(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var result = Convert(body.Value!, options.Value);
                var transaction = transactions.Begin(Operations.ConfigWrites.Author(context), store.Read());
                lock (transaction.Gate)
                {
                    transaction.Stage([ConfigOperation.Replace(result.Document)], result.Document);
                }

                context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path.Value![..context.Request.Path.Value!.IndexOf("/config/", StringComparison.Ordinal)]}/transactions/{transaction.Id}";
                return TypedResults.Json(new HaproxyImportResponse(
                    transaction.Id,
                    transaction.BaseRevision,
                    [.. result.NotConverted.Select(n => new NotConvertedLine(n.Line, n.Text, n.Reason))],
                    [.. result.Errors.Select(ApiError.From)],
                    [.. result.Warnings.Select(ApiError.From)],
                    JsonNode.Parse(CanonicalJson.Serialize(result.Document))!), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithName("import-haproxy").WithSummary("Converts a haproxy.cfg (text/plain) into a document staged in a new transaction; lists every line not converted and why.")
            .AcceptsBody<string>("text/plain").Produces<HaproxyImportResponse>(StatusCodes.Status201Created).ProducesWriteProblems().RequireRole(AdminRole.Editor);
    }

    /// <summary>The conversion, reading files only from the configured directories; shared with the admin page.</summary>
    public static HaproxyImportResult Convert(string text, AdminOptions options) =>
        HaproxyImporter.Import(text, new HaproxyImportOptions { ReadFile = HaproxyImportOptions.FilesUnder([.. options.HaproxyImportDirectories]) });
}

/// <summary>A line of the imported configuration that was not converted.</summary>
internal sealed record NotConvertedLine(int Line, string Text, string Reason);

/// <summary>
/// The transaction holding the converted document (commit it to apply it, or abort it), the lines not
/// converted, the document's validation errors (it can be committed only without any), its warnings
/// (HAProxy's: they never block a commit) and the document itself.
/// </summary>
internal sealed record HaproxyImportResponse(
    string Transaction,
    long BaseRevision,
    IReadOnlyList<NotConvertedLine> NotConverted,
    IReadOnlyList<ApiError> Errors,
    IReadOnlyList<ApiError> Warnings,
    [property: JsonPropertyName("document")] JsonNode Document);
