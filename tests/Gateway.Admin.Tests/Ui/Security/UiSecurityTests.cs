using System.Security.Claims;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;

namespace Gateway.Admin.Tests.Ui.Security;

public class UiSecurityTests
{
    [Theory]
    [InlineData(nameof(AdminRole.Viewer), false, false)]
    [InlineData(nameof(AdminRole.Editor), true, false)]
    [InlineData(nameof(AdminRole.Admin), true, true)]
    public void Principal_CarriesItsRoleAndTheOnesBelow(string roleName, bool canEdit, bool isAdmin)
    {
        var role = Enum.Parse<AdminRole>(roleName);
        var user = AdminUiAuthentication.Principal(new AdminUser(1, "ann", role, DateTimeOffset.UnixEpoch));

        Assert.Equal("ann", user.Identity!.Name);
        Assert.Equal((canEdit, isAdmin, role), (UserRoles.CanEdit(user), UserRoles.IsAdmin(user), UserRoles.Highest(user)));
    }

    [Fact]
    public void Anonymous_MayDoNothing()
    {
        var nobody = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.Equal((false, false, (AdminRole?)null), (UserRoles.CanEdit(nobody), UserRoles.IsAdmin(nobody), UserRoles.Highest(nobody)));
        Assert.False(UserRoles.Has(null, AdminRole.Viewer));
    }

    [Fact]
    public void UnauthenticatedIdentity_WithRoleClaims_MayStillDoNothing()
    {
        var forged = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")]));

        Assert.False(UserRoles.IsAdmin(forged));
    }

    [Theory]
    [InlineData("/clusters?x=1", "/", "clusters?x=1")]
    [InlineData("/admin/routes", "/admin/", "routes")]
    [InlineData("/", "/", "")]
    [InlineData(null, "/", "")]
    [InlineData("https://evil.example/", "/", "")]
    [InlineData("//evil.example/", "/", "")]
    [InlineData("/\\evil.example/", "/", "")]
    [InlineData("/other/routes", "/admin/", "")]
    [InlineData("clusters", "/", "")]
    [InlineData("/https:evil.example/", "/", "")]
    [InlineData("/admin/javascript:alert(1)", "/admin/", "")]
    [InlineData("/routes/a:b", "/", "routes/a:b")]
    [InlineData("/history?from=1&to=2#x:y", "/", "history?from=1&to=2#x:y")]
    public void SafeReturnUrl_StaysOnTheAdminSite(string? returnUrl, string basePath, string expected)
    {
        Assert.Equal(expected, SafeReturnUrl.Relative(returnUrl, basePath));
    }
}
