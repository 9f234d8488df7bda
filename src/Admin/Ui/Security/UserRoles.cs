using System.Security.Claims;
using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Security;

/// <summary>What a signed-in person may do, read from the role claims their sign-in gave them.</summary>
internal static class UserRoles
{
    public static bool Has(ClaimsPrincipal? user, AdminRole role) =>
        user?.Identity?.IsAuthenticated == true && user.IsInRole(AdminRoles.Name(role));

    public static bool CanEdit(ClaimsPrincipal? user) => Has(user, AdminRole.Editor);

    public static bool IsAdmin(ClaimsPrincipal? user) => Has(user, AdminRole.Admin);

    /// <summary>The highest role the person has, for display; null when not signed in.</summary>
    public static AdminRole? Highest(ClaimsPrincipal? user) =>
        Enum.GetValues<AdminRole>().Where(r => Has(user, r)).Select(r => (AdminRole?)r).LastOrDefault();
}
