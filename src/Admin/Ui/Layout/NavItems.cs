using System.Security.Claims;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;

namespace Gateway.Admin.Ui.Layout;

/// <summary>One entry of the navigation menu. <see cref="Href"/> is relative to the admin base ("" is the overview).</summary>
internal sealed record NavItem(string Title, string Href, int? Badge = null);

/// <summary>
/// The navigation menu's entries, in order, for the person signed in. A new page adds its line here
/// (admin-only pages inside the <see cref="UserRoles.IsAdmin"/> block).
/// </summary>
internal sealed class NavItems(PendingChanges pending)
{
    public IReadOnlyList<NavItem> For(ClaimsPrincipal user)
    {
        List<NavItem> items =
        [
            new("Overview", ""),
            new("Recent requests", "requests"),
            new("Listeners", "listeners"),
            new("Routes", "routes"),
            new("Clusters", "clusters"),
            new("Certificates", "certificates"),
            new("Stick tables", "stick-tables"),
            new("ACLs and rules", "rules"),
            new("Import haproxy.cfg", "import/haproxy"),
            new("Pending changes", "pending", pending.Count(user.Identity?.Name ?? "")),
            new("History", "history"),
        ];
        if (UserRoles.IsAdmin(user))
        {
            items.Add(new("API tokens", "tokens"));
            items.Add(new("Users", "users"));
        }

        return items;
    }
}
