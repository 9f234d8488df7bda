using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Admin.Api.Security;

internal static class RoleRequirementExtensions
{
    /// <summary>Only tokens with <paramref name="role"/> or a higher one may call these endpoints.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, AdminRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(role switch
        {
            AdminRole.Viewer => AdminApiPolicies.Viewer,
            AdminRole.Editor => AdminApiPolicies.Editor,
            _ => AdminApiPolicies.Admin,
        }).WithMetadata(new AdminApiEndpointMetadata(role));
}
