using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Ui.Security;

/// <summary>
/// Where the admin pages are mounted, recorded by <c>MapGatewayAdmin</c> before the first request so that
/// the sign-in cookie's path and redirects (configured when first used) include the prefix.
/// </summary>
internal sealed class AdminUiPaths
{
    public PathString Prefix { get; set; } = PathString.Empty;

    public string CookiePath => Prefix.HasValue ? Prefix.Value! : "/";
}
