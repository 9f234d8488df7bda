using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Admin.Api.Security;

/// <summary>The admin API's authorization policies: one per role, each satisfied by that role or a higher one.</summary>
internal static class AdminApiPolicies
{
    public const string Viewer = "GatewayAdmin.Viewer";
    public const string Editor = "GatewayAdmin.Editor";
    public const string Admin = "GatewayAdmin.Admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, Require(AdminRole.Viewer));
        options.AddPolicy(Editor, Require(AdminRole.Editor));
        options.AddPolicy(Admin, Require(AdminRole.Admin));
    }

    private static AuthorizationPolicy Require(AdminRole role) => new AuthorizationPolicyBuilder(ApiTokenAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser()
        .RequireRole(AdminRoles.Name(role))
        .Build();
}
