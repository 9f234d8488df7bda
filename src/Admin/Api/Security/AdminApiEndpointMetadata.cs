using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Api.Security;

/// <summary>Marks an endpoint as the admin API's, with the role it needs (null for anonymous ones).</summary>
internal sealed class AdminApiEndpointMetadata(AdminRole? role)
{
    public AdminRole? Role { get; } = role;
}
