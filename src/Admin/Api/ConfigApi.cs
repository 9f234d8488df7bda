using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Gateway.Admin.Api;

/// <summary><c>/config</c>: the whole document, exported (JSON, or YAML on request) and imported as one revision.</summary>
internal static class ConfigApi
{
    private const string Json = "application/json";
    private const string Yaml = "application/yaml";

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/config").WithTags("config");

        group.MapGet("", (HttpContext context, ConfigStore store) =>
            {
                var latest = store.Read();
                RevisionTags.Set(context.Response, latest.Revision);
                return WantsYaml(context.Request)
                    ? TypedResults.Text(CanonicalYaml.Serialize(latest.Document), Yaml + "; charset=utf-8")
                    : TypedResults.Text(CanonicalJson.Serialize(latest.Document), Json + "; charset=utf-8");
            })
            .WithName("get-config").WithSummary("The whole configuration in canonical form: JSON, or YAML with Accept: application/yaml.")
            .Produces<DocumentJson>(StatusCodes.Status200OK, Json, Yaml).ProducesReadProblems().RequireRole(AdminRole.Viewer);

        group.MapPut("", async (HttpContext context, ConfigStore store, string? message) =>
            {
                var json = ApiBody.IsJson(context.Request.ContentType);
                if (!json && !IsYaml(context.Request.ContentType))
                {
                    return ApiProblems.UnsupportedMediaType($"{Json} or {Yaml}");
                }

                var (document, unreadable) = await ReadDocumentAsync(context, json);
                if (document is null)
                {
                    return unreadable!;
                }

                var (committed, problem) = await ConfigWrites.CommitAsync(context, store, _ => [ConfigOperation.Replace(document)], message ?? "import");
                return problem ?? TypedResults.Json(new CommitResponse(committed!.Revision, committed.Summary ?? ""), ApiJson.Options);
            })
            .WithName("import-config").WithSummary("Replaces the whole configuration (JSON, or YAML by Content-Type) as one revision. Needs If-Match.")
            .AcceptsBody<DocumentJson>(Json, Yaml).Produces<CommitResponse>().ProducesWriteProblems().RequireRole(AdminRole.Editor).Commits();

        group.MapPost("/validate", async (HttpContext context, ConfigStore store) =>
            {
                var json = ApiBody.IsJson(context.Request.ContentType);
                if (!json && !IsYaml(context.Request.ContentType))
                {
                    return ApiProblems.UnsupportedMediaType($"{Json} or {Yaml}");
                }

                var (document, unreadable) = await ReadDocumentAsync(context, json);
                if (document is null)
                {
                    return unreadable!;
                }

                var errors = await store.CheckAsync(document, context.RequestAborted);
                return errors.Count > 0
                    ? ApiProblems.Invalid(errors)
                    : TypedResults.Json(new ValidateResponse(true, document.Listeners.Count, document.Routes.Count, document.Clusters.Count), ApiJson.Options);
            })
            .WithName("validate-config")
            .WithSummary("Checks a whole document (JSON, or YAML by Content-Type) as a commit would, without storing or applying anything: 200 when valid, 422 with every error and its path when not, 400 when it cannot be read.")
            .AcceptsBody<DocumentJson>(Json, Yaml).Produces<ValidateResponse>().ProducesReadProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireRole(AdminRole.Viewer);
    }

    /// <summary>The request's document, or the 400 that says why it cannot be read (each error with its path).</summary>
    private static async Task<(GatewayConfig? Document, IResult? Problem)> ReadDocumentAsync(HttpContext context, bool json)
    {
        var text = await ApiBody.ReadAllTextAsync(context.Request, context.RequestAborted);
        GatewayConfig? document;
        IReadOnlyList<ValidationError> errors;
        _ = json ? CanonicalJson.TryParse(text, out document, out errors) : CanonicalYaml.TryParse(text, out document, out errors);
        return document is null ? (null, ApiProblems.Malformed(errors)) : (document, null);
    }

    /// <summary>A valid document: how much it holds.</summary>
    internal sealed record ValidateResponse(bool Valid, int Listeners, int Routes, int Clusters);

    private static bool WantsYaml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.Quality is not 0 && IsYaml(a.MediaType.Value));

    private static bool IsYaml(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith(Yaml, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/x-yaml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/yaml", StringComparison.OrdinalIgnoreCase));
}
