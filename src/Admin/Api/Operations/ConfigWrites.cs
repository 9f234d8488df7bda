using Gateway.Admin.Api.Http;
using Gateway.Admin.Guard;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
        var latest = await store.ReadAsync(context.RequestAborted);
        if (RevisionTags.CheckIfMatch(context.Request, latest.Revision) is { } precondition)
        {
            RevisionTags.Set(context.Response, latest.Revision);
            return (null, precondition);
        }

        if (GuardWindow(context) is { Problem: { } badGuard })
        {
            return (null, badGuard);
        }

        var translator = new OperationTranslator(latest.Document);
        var operations = translate(translator);
        if (Refusal(translator) is { } refused)
        {
            return (null, refused);
        }

        // Not the request's token: once the commit has begun, a client that goes away does not undo it halfway.
        var result = await store.CommitAsync(latest.Revision, operations, Author(context), MessageOf(context, message), CancellationToken.None);
        return Guarded(context, Answer(context, result, latest.Revision), latest.Revision);
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
        if (GuardWindow(context) is { Problem: { } badGuard })
        {
            return (null, badGuard);
        }

        var result = await store.CommitAsync(baseRevision, operations, Author(context), MessageOf(context, message), CancellationToken.None);
        return Guarded(context, Answer(context, result, baseRevision), baseRevision);
    }

    /// <summary>
    /// <c>?guard=</c>: a window (<c>30s</c>, <c>2m</c>), <c>true</c> for the default one, <c>false</c> or absent for none.
    /// Read before committing, so a malformed one stores nothing.
    /// </summary>
    internal static (TimeSpan? Window, IResult? Problem) GuardWindow(HttpContext context)
    {
        if (context.Request.Query["guard"] is not { Count: > 0 } given || given[0] is not { } text || string.IsNullOrWhiteSpace(text)
            || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        var guard = context.RequestServices.GetRequiredService<CommitGuard>();
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return (guard.Options.DefaultWindow, null);
        }

        if (!DurationText.TryParse(text, out var window, out var error))
        {
            return (null, ApiProblems.Malformed("?guard", $"guard must be true, false or a window such as 60s: {error}"));
        }

        return window < TimeSpan.FromSeconds(1) || window > guard.MaxWindow
            ? (null, ApiProblems.Malformed("?guard", $"The guard's window must be from 1s to {DurationText.Describe(guard.MaxWindow)}; found {DurationText.Describe(window)}."))
            : (window, null);
    }

    /// <summary>Starts the commit's guard when it asked for one; the answer says where to follow it (header <c>Gateway-Guard</c>).</summary>
    private static (CommitResult? Committed, IResult? Problem) Guarded(HttpContext context, (CommitResult? Committed, IResult? Problem) answer, long basedOn)
    {
        if (answer.Committed is { } committed && GuardWindow(context).Window is { } window)
        {
            context.RequestServices.GetRequiredService<CommitGuard>().Start(committed.Revision, basedOn, Author(context), window);
            context.Response.Headers["Gateway-Guard"] = $"/api/v1/guards/{committed.Revision}";
        }

        return answer;
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
