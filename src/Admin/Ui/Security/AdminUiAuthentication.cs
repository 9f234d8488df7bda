using System.Security.Claims;
using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Ui.Security;

/// <summary>
/// The admin pages' sign-in: a cookie scheme of its own beside the API's bearer scheme. Neither is the
/// host's default, so proxied requests never pay for either; the pages' policies name this scheme.
/// </summary>
internal static class AdminUiAuthentication
{
    public const string SchemeName = "GatewayAdminCookie";
    public const string CookieName = "gateway_admin";

    /// <summary>The admin forms' antiforgery cookie (ASP.NET Core's default name is generic; this one can be stripped by name).</summary>
    public const string AntiforgeryCookieName = "gateway_admin_antiforgery";

    /// <summary>The account's id, so a cookie never passes to a later account that reuses the name.</summary>
    public const string UserIdClaim = "gateway_admin_user_id";

    /// <summary>A signed-in person: their name, their account's id, and a role claim for their role and every role below it.</summary>
    public static ClaimsPrincipal Principal(AdminUser user) => new(new ClaimsIdentity(
        [
            new(ClaimTypes.Name, user.Name),
            new(UserIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. AdminRoles.Implied(user.Role).Select(role => new Claim(ClaimTypes.Role, role)),
        ],
        SchemeName, ClaimTypes.Name, ClaimTypes.Role));

    public static void Configure(CookieAuthenticationOptions options, AdminUiPaths paths, AdminTicketStore sessions)
    {
        // The cookie holds a session key; the sign-in is kept server-side, so sign-out ends it for every copy of the cookie.
        options.SessionStore = sessions;
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = paths.CookiePath;
        options.LoginPath = paths.Prefix.Add("/signin");
        options.LogoutPath = paths.Prefix.Add("/signout");
        options.AccessDeniedPath = paths.Prefix.Add("/forbidden");
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = RecheckAccountAsync;
    }

    /// <summary>
    /// On every request, the account behind the cookie is read again: a deleted user is signed out at
    /// once (even when a new account has since been given the name), and a changed role takes effect at
    /// once, rather than when the cookie expires.
    /// </summary>
    private static async Task RecheckAccountAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AdminAccounts>();
        var user = name is null ? null : await accounts.FindUserAsync(name, context.HttpContext.RequestAborted);
        var id = context.Principal?.FindFirst(UserIdClaim)?.Value;
        if (user is null || id != user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }

        if (UserRoles.Highest(context.Principal) != user.Role)
        {
            var replaced = Principal(user);
            if (AdminTicketStore.SessionId(context.Principal) is { } session)
            {
                ((ClaimsIdentity)replaced.Identity!).AddClaim(new Claim(AdminTicketStore.SessionClaim, session));
            }

            context.ReplacePrincipal(replaced);
            context.ShouldRenew = true;
        }
    }
}

/// <summary>The admin pages' authorization policies, one per role, each satisfied by that role or a higher one.</summary>
internal static class AdminUiPolicies
{
    public const string Viewer = "GatewayAdminUi.Viewer";
    public const string Editor = "GatewayAdminUi.Editor";
    public const string Admin = "GatewayAdminUi.Admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, Require(AdminRole.Viewer));
        options.AddPolicy(Editor, Require(AdminRole.Editor));
        options.AddPolicy(Admin, Require(AdminRole.Admin));
    }

    private static AuthorizationPolicy Require(AdminRole role) => new AuthorizationPolicyBuilder(AdminUiAuthentication.SchemeName)
        .RequireAuthenticatedUser()
        .RequireRole(AdminRoles.Name(role))
        .Build();
}
