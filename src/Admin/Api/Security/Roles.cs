using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Api.Security;

/// <summary>Role names on the wire: viewer, editor, admin.</summary>
internal static class Roles
{
    public static bool TryParse(string? name, out AdminRole role)
    {
        role = default;
        return name is not null && Enum.GetValues<AdminRole>().Any(r => AdminApiPolicies.RoleName(r) == name) && Enum.TryParse(name, ignoreCase: true, out role);
    }

    public static string Expected(string? given) => $"'{given}' is not a role; use viewer, editor or admin.";
}
