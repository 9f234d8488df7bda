using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// What a role button on the users page posts: <c>user|role</c>, e.g. <c>alice|Editor</c>, and whether the change was
/// confirmed (in the script's dialog, or on the page's own question without script).
/// </summary>
internal sealed class UserRoleToggle
{
    public string? Target { get; set; }

    public bool Confirmed { get; set; }

    public (string User, AdminRole Role)? Parse() => ButtonTarget.Parse<AdminRole>(Target);
}
