using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Ui.Forms;

namespace Gateway.Admin.Tests.Ui.Forms;

public class RoleChangeQuestionTests
{
    [Theory]
    [InlineData(nameof(AdminRole.Admin), nameof(AdminRole.Viewer), "Make ann viewer? They can then no longer change the configuration or manage users and API tokens, and their API tokens above viewer are lowered to viewer.")]
    [InlineData(nameof(AdminRole.Admin), nameof(AdminRole.Editor), "Make ann editor? They can then no longer manage users and API tokens, and their API tokens above editor are lowered to editor.")]
    [InlineData(nameof(AdminRole.Editor), nameof(AdminRole.Viewer), "Make ann viewer? They can then no longer change the configuration, and their API tokens above viewer are lowered to viewer.")]
    [InlineData(nameof(AdminRole.Viewer), nameof(AdminRole.Editor), "Make ann editor? They can then change the configuration.")]
    [InlineData(nameof(AdminRole.Viewer), nameof(AdminRole.Admin), "Make ann admin? They can then change the configuration, and manage users and API tokens.")]
    [InlineData(nameof(AdminRole.Editor), nameof(AdminRole.Admin), "Make ann admin? They can then manage users and API tokens.")]
    public void Ask_SaysWhatTheUserGainsOrLoses(string from, string to, string expected)
    {
        Assert.Equal(expected, RoleChangeQuestion.Ask("ann", Enum.Parse<AdminRole>(from), Enum.Parse<AdminRole>(to)));
    }
}
