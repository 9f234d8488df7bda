using Gateway.Admin.Api.Http;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Api.Operations;

/// <summary>
/// The one way the API changes configuration: read the latest revision, check If-Match against it,
/// turn the request into store operations, commit them as one revision by the token's owner. The
/// commit returns once the new configuration is live.
/// </summary>
internal static class ConfigWrites
{
    /// <summary>The new revision, or the problem to answer with (nothing was stored).</summary>
    public static async Task<(CommitResult? Committed, IResult? Problem)> CommitAsync(
        HttpContext context, ConfigStore store, Func<OperationTranslator, IReadOnlyList<ConfigOperation>> translate, string message)
    {
        var latest = store.Read();
        if (RevisionTags.CheckIfMatch(context.Request, latest.Revision) is { } precondition)
        {
            RevisionTags.Set(context.Response, latest.Revision);
            return (null, precondition);
        }

        var translator = new OperationTranslator(latest.Document);
        var operations = translate(translator);
        if (Refusal(translator) is { } refused)
        {
            return (null, refused);
        }

        // Not the request's token: once the commit has begun, a client that goes away does not undo it halfway.
        var result = await store.CommitAsync(latest.Revision, operations, Author(context), MessageOf(context, message), CancellationToken.None);
        return Answer(context, result, latest.Revision);
    }

    /// <summary>
    /// The revision's message: <c>?message=</c> when the request has one (every write takes it, as rewind and import
    /// do), else what the endpoint says it did.
    /// </summary>
    internal static string MessageOf(HttpContext context, string fallback) =>
        context.Request.Query["message"] is { Count: > 0 } given && given[0] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : fallback;

    /// <summary>Commits operations already made, on <paramref name="baseRevision"/> (a transaction's).</summary>
    public static async Task<(CommitResult? Committed, IResult? Problem)> CommitAsync(
        HttpContext context, ConfigStore store, long baseRevision, IReadOnlyList<ConfigOperation> operations, string message)
    {
        var result = await store.CommitAsync(baseRevision, operations, Author(context), MessageOf(context, message), CancellationToken.None);
        return Answer(context, result, baseRevision);
    }

    public static (CommitResult? Committed, IResult? Problem) Answer(HttpContext context, CommitResult result, long basedOn)
    {
        RevisionTags.Set(context.Response, result.Revision);
        return result.Status switch
        {
            CommitStatus.Committed => (result, null),
            CommitStatus.Conflict => (null, ApiProblems.Stale(basedOn, result.Revision)),
            CommitStatus.NotFound => (null, ApiProblems.NotFound(result.Errors.Count > 0 ? result.Errors[0].Message : "Not found.")),
            _ => (null, ApiProblems.Invalid(result.Errors)),
        };
    }

    /// <summary>The problem for operations that could not be translated, or null.</summary>
    public static IResult? Refusal(OperationTranslator translator) =>
        translator.Malformed.Count > 0 ? ApiProblems.Malformed([.. translator.Malformed, .. translator.Unprocessable])
        : translator.Unprocessable.Count > 0 ? ApiProblems.Invalid(translator.Unprocessable)
        : null;

    /// <summary>Who commits: the owner of the token the request was authenticated with.</summary>
    public static string Author(HttpContext context) =>
        context.User.Identity?.Name ?? throw new InvalidOperationException("Configuration writes require an authenticated caller.");
}
