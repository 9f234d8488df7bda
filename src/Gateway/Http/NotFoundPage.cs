using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Gateway.Model;

namespace Gateway.Http;

/// <summary>
/// The answer on a gateway listener when no route matches: a short page saying so and where
/// routes are configured, or problem+json for clients that ask for JSON.
/// </summary>
internal static class NotFoundPage
{
    public static Task WriteAsync(HttpContext context)
    {
        // The admin URL is a hint for the operator at the gateway's own machine; other clients are not told where it is.
        var adminUrl = context.Connection.RemoteIpAddress is { } client && System.Net.IPAddress.IsLoopback(client)
            ? context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminUrl
            : null;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.Headers.CacheControl = "no-store";
        var request = context.Request;
        var (contentType, body) = Render($"{request.Method} {request.Host}{request.PathBase}{request.Path}", request.Headers.Accept.ToString(), adminUrl);
        response.ContentType = contentType;
        return response.WriteAsync(body);
    }

    /// <summary>The page's content type and body for <paramref name="target"/> (method, host and path), for any path that writes the answer itself.</summary>
    public static (string ContentType, string Body) Render(string target, string accept, string? adminUrl)
    {
        if (WantsJson(accept))
        {
            return ("application/problem+json", JsonSerializer.Serialize(new NotFoundProblem(target, adminUrl), NotFoundJsonContext.Default.NotFoundProblem));
        }

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>404 - No route</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem}</style>")
            .Append("</head><body><h1>404 &mdash; no route matches this request</h1>")
            .Append("<p>The gateway received <code>").Append(WebUtility.HtmlEncode(target)).Append("</code> but none of its routes match it.</p>");
        if (adminUrl is not null)
        {
            var encoded = WebUtility.HtmlEncode(adminUrl);
            html.Append("<p>Routes are configured in the admin UI at <a href=\"").Append(encoded).Append("\">").Append(encoded).Append("</a>.</p>");
        }
        else
        {
            html.Append("<p>Add a route that matches this host and path to the gateway configuration.</p>");
        }

        html.Append("</body></html>");
        return ("text/html; charset=utf-8", html.ToString());
    }

    private static bool WantsJson(string accept)
    {
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}

internal sealed record NotFoundProblem(string Request, string? AdminUrl)
{
    public string Type { get; } = "about:blank";

    public string Title { get; } = "No route matches this request.";

    public int Status { get; } = StatusCodes.Status404NotFound;
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(NotFoundProblem))]
internal sealed partial class NotFoundJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
