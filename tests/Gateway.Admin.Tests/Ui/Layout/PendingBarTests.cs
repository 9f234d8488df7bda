using Gateway.Admin.Ui.Forms;
using Gateway.Admin.Ui.Layout;
using Gateway.Admin.Ui.Services;

namespace Gateway.Admin.Tests.Ui.Layout;

public class PendingBarTests
{
    [Theory]
    [InlineData("pending", true)]
    [InlineData("pending/", true)]
    [InlineData("pending?committed=4", true)]
    [InlineData("Pending#diff", true)]
    [InlineData("", false)]
    [InlineData("pending-other", false)]
    [InlineData("routes/pending", false)]
    public void IsPendingPage_IsTrueOnlyOnThePendingChangesPage(string relativeUri, bool expected)
    {
        Assert.Equal(expected, PendingBar.IsPendingPage(relativeUri));
    }

    [Theory]
    [InlineData(1, "1 change from the admin pages")]
    [InlineData(2, "2 changes from the admin pages")]
    public void DefaultMessage_CountsInGoodGrammar(int count, string expected)
    {
        Assert.Equal(expected, PendingChanges.DefaultMessage(count));
    }

    [Theory]
    [InlineData("alice|Editor", "alice", nameof(Gateway.Admin.Store.Accounts.AdminRole.Editor))]
    [InlineData("ops@example.com|admin", "ops@example.com", nameof(Gateway.Admin.Store.Accounts.AdminRole.Admin))]
    public void UserRoleToggle_ParsesUserAndRole(string target, string user, string role)
    {
        Assert.Equal((user, Enum.Parse<Gateway.Admin.Store.Accounts.AdminRole>(role)), new UserRoleToggle { Target = target }.Parse());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("alice")]
    [InlineData("|Admin")]
    [InlineData("alice|Owner")]
    [InlineData("alice|7")]
    public void UserRoleToggle_NonsenseIsNotAChange(string? target)
    {
        Assert.Null(new UserRoleToggle { Target = target }.Parse());
    }
}
