using System.Net;
using Gateway.Admin.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Security;

/// <summary>
/// Runs first for every admin request (pages, API, scripts): refuses a Host header that names none of the admin
/// site's names, and gives every response the browser security headers.
/// </summary>
/// <remarks>
/// The Host check defeats DNS rebinding: a page on <c>evil.example</c> whose name later resolves to 127.0.0.1 can
/// make the browser talk to a loopback admin site, but the browser still sends <c>Host: evil.example</c>. An IP
/// literal cannot be rebound, so it is always accepted, as is <c>localhost</c>; any other name must be the admin
/// URL's or one of <see cref="AdminOptions.AllowedHosts"/>. ASP.NET Core's host filtering applies to the whole
/// host, and the gateway's listeners must accept any Host, so the admin site checks its own.
/// </remarks>
internal sealed class AdminRequestGuard(RequestDelegate next, IOptions<AdminOptions> options)
{
    /// <summary>
    /// Scripts and styles from the admin site only, and none inline (the pages' scripts are files: admin.js,
    /// rules-editor.js, inline-forms.js, Blazor's blazor.web.js); its WebSocket is same-origin; no framing.
    /// </summary>
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private readonly HashSet<string> _names = AllowedNames(options.Value);

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";

        if (!IsAllowedHost(context.Request.Host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(
                "The Host header does not name this admin site. Use its address, or add the name to Gateway:Admin:AllowedHosts.");
        }

        return next(context);
    }

    private bool IsAllowedHost(HostString host)
    {
        if (!host.HasValue)
        {
            // HTTP/1.0 without Host: nothing a browser on another site could send.
            return true;
        }

        var name = host.Host.Trim('[', ']');
        return IPAddress.TryParse(name, out _) || _names.Contains(name);
    }

    private static HashSet<string> AllowedNames(AdminOptions options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost" };
        if (Uri.TryCreate(options.Url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url))
        {
            names.Add(url.Host.Trim('[', ']'));
        }

        foreach (var allowed in options.AllowedHosts)
        {
            names.Add(allowed.Trim());
        }

        return names;
    }
}
