using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Forms;

/// <summary>What a role button on the users page posts: <c>user|role</c>, e.g. <c>alice|Editor</c>.</summary>
public sealed class UserRoleToggle
{
    public string? Target { get; set; }

    public (string User, AdminRole Role)? Parse() => ButtonTarget.Parse<AdminRole>(Target);
}
