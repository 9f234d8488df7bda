using Gateway.Admin.Store;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// Admin requests while a node has lost its shared store: one that needed the database (every write, the reads of
/// stored revisions, a sign-in) is answered 503 saying so, and that the gateway still serves the revision it applied
/// last; nothing was changed. API requests get problem+json, pages a line of text. Placed in front of authentication,
/// so a token check that could not reach the database is answered the same way.
/// </summary>
internal sealed class StoreUnavailableMiddleware(RequestDelegate next, ConfigStore store)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when ((ex is StoreUnavailableException || GatewayDatabase.IsUnreachable(ex)) && !context.Response.HasStarted)
        {
            store.Connectivity.Lost(ex);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "5";
            var detail = $"This node cannot reach the configuration database, so it cannot read or change the stored configuration; nothing was changed. It keeps serving revision {store.AppliedRevision}, the last it applied. Try again when the database is back (GET /api/v1/status says when).";
            if (context.Request.Path.Value?.Contains(AdminApi.Path + "/", StringComparison.Ordinal) == true)
            {
                await ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "The configuration database is unreachable.", detail, ("servingRevision", store.AppliedRevision)).ExecuteAsync(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(detail);
        }
    }
}
