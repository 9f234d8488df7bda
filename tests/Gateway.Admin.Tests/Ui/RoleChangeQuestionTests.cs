using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Ui.Forms;

namespace Gateway.Admin.Tests.Ui;

public class RoleChangeQuestionTests
{
    [Theory]
    [InlineData(AdminRole.Admin, AdminRole.Viewer, "Make ann viewer? They can then no longer change the configuration or manage users and API tokens, and their API tokens above viewer are lowered to viewer.")]
    [InlineData(AdminRole.Admin, AdminRole.Editor, "Make ann editor? They can then no longer manage users and API tokens, and their API tokens above editor are lowered to editor.")]
    [InlineData(AdminRole.Editor, AdminRole.Viewer, "Make ann viewer? They can then no longer change the configuration, and their API tokens above viewer are lowered to viewer.")]
    [InlineData(AdminRole.Viewer, AdminRole.Editor, "Make ann editor? They can then change the configuration.")]
    [InlineData(AdminRole.Viewer, AdminRole.Admin, "Make ann admin? They can then change the configuration, and manage users and API tokens.")]
    [InlineData(AdminRole.Editor, AdminRole.Admin, "Make ann admin? They can then manage users and API tokens.")]
    public void Ask_SaysWhatTheUserGainsOrLoses(AdminRole from, AdminRole to, string expected)
    {
        Assert.Equal(expected, RoleChangeQuestion.Ask("ann", from, to));
    }
}
