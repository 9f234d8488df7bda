using Gateway.Admin.Store;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// The admin API while a node has lost its shared store: a request that needed the database (every write, and the
/// reads of stored revisions) is answered 503 with a problem that says so, and that the gateway still serves the
/// revision it applied last. Nothing was changed. The status endpoint works on without the database.
/// </summary>
internal static class StoreUnavailableFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is StoreUnavailableException || GatewayDatabase.IsUnreachable(ex))
        {
            var services = context.HttpContext.RequestServices;
            var store = (ConfigStore)services.GetService(typeof(ConfigStore))!;
            store.Connectivity.Lost(ex);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "The configuration database is unreachable.",
                $"This node cannot reach the configuration database, so it cannot read or change the stored configuration; nothing was changed. It keeps serving revision {store.AppliedRevision}, the last it applied. Try again when the database is back (GET /api/v1/status says when).",
                ("servingRevision", store.AppliedRevision));
        }
    }
}
