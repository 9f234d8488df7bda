using System.Text.Json.Serialization;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Admin.Api.Http;

/// <summary>The admin API's RFC 9457 problem responses, each with a sentence a person can act on.</summary>
internal static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>400: the request cannot be read as what the endpoint takes (malformed JSON, unknown fields, wrong types).</summary>
    public static ProblemHttpResult Malformed(IReadOnlyList<ValidationError> errors) =>
        WithErrors(StatusCodes.Status400BadRequest, "The request is malformed.", errors);

    public static ProblemHttpResult Malformed(string path, string message) => Malformed([new ValidationError(path, message)]);

    /// <summary>422: the change is well formed but the configuration it leads to is not valid (or it names what does not exist).</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors) =>
        WithErrors(StatusCodes.Status422UnprocessableEntity, "The change would make the configuration invalid; nothing was stored.", errors);

    /// <summary>409: the write was based on a revision that is no longer the latest.</summary>
    public static ProblemHttpResult Stale(long basedOn, long current) => Create(
        StatusCodes.Status409Conflict,
        "The configuration has changed.",
        $"The change was based on revision {basedOn}, but the latest revision is {current}. Read it again (its ETag is \"{current}\") and redo the change on it; nothing was stored.",
        ("currentRevision", current));

    public static ProblemHttpResult PreconditionRequired(long current) => Create(
        StatusCodes.Status428PreconditionRequired,
        "If-Match is required.",
        $"Every change names the revision it is based on: send If-Match: \"{current}\" (the ETag of what you read) to change the latest revision.",
        ("currentRevision", current));

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ProblemHttpResult Gone(string detail) => Create(StatusCodes.Status410Gone, "Gone.", detail);

    public static ProblemHttpResult UnsupportedMediaType(string expected) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", $"Send the body as {expected}.");

    public static ProblemHttpResult TooLarge(long limit) => Create(
        StatusCodes.Status413PayloadTooLarge,
        "The request body is too large.",
        $"The admin API reads at most {limit} bytes per request (Gateway:Admin:MaxRequestBodySize); split the change into several, or raise the limit.");

    public static ProblemHttpResult Create(int status, string title, string detail, params (string Name, object Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return TypedResults.Problem(problem);
    }

    private static ProblemHttpResult WithErrors(int status, string title, IReadOnlyList<ValidationError> errors) => Create(
        status,
        title,
        errors.Count == 1 ? $"{errors[0].Path}: {errors[0].Message}" : $"{errors.Count} problems; see errors.",
        ("errors", errors.Select(ApiError.From).ToList()));
}

/// <summary>One problem with the field it is about; line and column for problems inside rules text.</summary>
internal sealed record ApiError(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null,
    [property: JsonPropertyName("column"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column = null)
{
    public static ApiError From(ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Path, error.Message, error.Line, error.Column);
    }
}
