using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>Counts a request on its way in and, once the rest of the pipeline has finished, a 5xx response.</summary>
internal static class RequestCounting
{
    public static Task CountAsync(HttpContext context, RequestCounters counters, RequestDelegate next)
    {
        counters.OnRequest();
        var forwarding = next(context);
        if (forwarding.IsCompletedSuccessfully)
        {
            CountResponse(context, counters);
            return Task.CompletedTask;
        }

        return AwaitAndCount(forwarding, context, counters);
    }

    private static async Task AwaitAndCount(Task forwarding, HttpContext context, RequestCounters counters)
    {
        try
        {
            await forwarding;
        }
        finally
        {
            CountResponse(context, counters);
        }
    }

    private static void CountResponse(HttpContext context, RequestCounters counters)
    {
        if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            counters.OnServerError();
        }
    }
}
