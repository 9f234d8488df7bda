using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Admin.Ui.Security;

/// <summary>
/// Keeps the admin session cookie (and the admin forms' antiforgery cookie) from proxied servers. Browsers do not separate cookies by port, so a browser
/// signed in to the admin pages sends their cookie (path /, no domain) with every request to a gateway listener on
/// the same host; forwarded as is, any server behind the gateway would receive a working admin session. Every
/// route's forwarded request has the cookie removed by name (with the chunks ASP.NET Core's cookie manager splits a
/// large cookie into: <c>gateway_adminC1</c>, <c>gateway_adminC2</c>, …), whatever else its Cookie header holds.
/// </summary>
internal sealed class AdminCookieTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(static transform =>
    {
        var headers = transform.ProxyRequest.Headers;
        if (headers.TryGetValues(CookieHeader, out var values))
        {
            var kept = values.Select(WithoutAdminCookies).Where(v => v.Length > 0).ToList();
            headers.Remove(CookieHeader);
            if (kept.Count > 0)
            {
                headers.TryAddWithoutValidation(CookieHeader, string.Join("; ", kept));
            }
        }

        return ValueTask.CompletedTask;
    });

    private const string CookieHeader = "Cookie";

    /// <summary>A Cookie header value (<c>a=1; b=2</c>) without the admin cookie and its chunks; other pairs kept as written.</summary>
    internal static string WithoutAdminCookies(string header)
    {
        if (!header.Contains(AdminUiAuthentication.CookieName, StringComparison.Ordinal))
        {
            return header;
        }

        var pairs = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return string.Join("; ", pairs.Where(pair => !IsAdminCookie(pair.Split('=', 2)[0].Trim())));
    }

    private static bool IsAdminCookie(string name)
    {
        if (name == AdminUiAuthentication.AntiforgeryCookieName)
        {
            return true;
        }

        const string admin = AdminUiAuthentication.CookieName;
        if (!name.StartsWith(admin, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name.AsSpan(admin.Length);
        return rest.IsEmpty || (rest[0] == 'C' && rest.Length > 1 && int.TryParse(rest[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
    }
}
