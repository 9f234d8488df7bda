using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Admin.Ui.Services.RulesEditor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Ui;

/// <summary>
/// <c>POST rules/check</c> (under the admin pages' prefix): checks a rules text as it is typed, for
/// wwwroot/rules-editor.js, against the signed-in person's pending document. It only reads, so any
/// signed-in person may ask; a JSON body cannot be sent cross-site without the browser asking first.
/// </summary>
internal static class RulesCheckEndpoint
{
    /// <summary>Longer texts are refused rather than compiled on every keystroke.</summary>
    public const int MaxTextLength = 512 * 1024;

    public static void MapRulesCheck(this RouteGroupBuilder admin)
    {
        admin.MapPost("/rules/check", IResult (RulesCheckRequest body, HttpContext context, PendingChanges pending) =>
            {
                if (!RuleEditorCheck.TryParseKind(body.Scope, out var kind) || string.IsNullOrWhiteSpace(body.Id))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "Name the scope (listener, route or cluster) and its id.");
                }

                if (body.Text is { Length: > MaxTextLength })
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"Rules texts are checked up to {MaxTextLength / 1024} KB.");
                }

                var document = pending.State(context.User.Identity!.Name!).Document;
                return Results.Json(RuleEditorCheck.Check(document, kind, body.Id, body.Text));
            })
            .RequireAuthorization(AdminUiPolicies.Viewer)
            .ExcludeFromDescription();
    }
}

internal sealed record RulesCheckRequest(string? Scope, string? Id, string? Text);
