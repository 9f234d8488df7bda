using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Services;

/// <summary>Checks the account pages make before changing accounts (the admin API makes the same).</summary>
internal static class AccountRules
{
    /// <summary>Deleting the only admin would leave the store without anyone who can manage it.</summary>
    public static bool IsLastAdmin(AdminUser user, IReadOnlyList<AdminUser> users) =>
        user.Role == AdminRole.Admin && users.Count(u => u.Role == AdminRole.Admin) == 1;
}
