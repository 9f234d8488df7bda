using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Forms;

/// <summary>What the users page asks before a role change, in the dialog and on the page alike: what the person gains or loses.</summary>
internal static class RoleChangeQuestion
{
    public static string Ask(string user, AdminRole from, AdminRole to)
    {
        var question = $"Make {user} {Name(to)}?";
        return to < from
            ? $"{question} They can then no longer {Loses(from, to)}, and their API tokens above {Name(to)} are lowered to {Name(to)}."
            : $"{question} They can then {Gains(from, to)}.";
    }

    private static string Loses(AdminRole from, AdminRole to) => (from, to) switch
    {
        (AdminRole.Admin, AdminRole.Editor) => "manage users and API tokens",
        (AdminRole.Admin, _) => "change the configuration or manage users and API tokens",
        _ => "change the configuration",
    };

    private static string Gains(AdminRole from, AdminRole to) => (from, to) switch
    {
        (AdminRole.Viewer, AdminRole.Admin) => "change the configuration, and manage users and API tokens",
        (_, AdminRole.Admin) => "manage users and API tokens",
        _ => "change the configuration",
    };

    private static string Name(AdminRole role) => role.ToString().ToLowerInvariant();
}
