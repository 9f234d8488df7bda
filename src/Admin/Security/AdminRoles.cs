using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Security;

/// <summary>
/// Role names, the same on the wire (viewer, editor, admin) and in the role claims that both the API's
/// tokens and the pages' sign-in carry: a role claim for the holder's own role and every role below it.
/// </summary>
internal static class AdminRoles
{
    public static string Name(AdminRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The role claims of a holder of <paramref name="role"/>: it and every role below it.</summary>
    public static IEnumerable<string> Implied(AdminRole role) =>
        Enum.GetValues<AdminRole>().Where(r => r <= role).Select(Name);

    public static bool TryParse(string? name, out AdminRole role)
    {
        role = default;
        return name is not null && Enum.GetValues<AdminRole>().Any(r => Name(r) == name) && Enum.TryParse(name, ignoreCase: true, out role);
    }

    public static string Expected(string? given) => $"'{given}' is not a role; use viewer, editor or admin.";
}
