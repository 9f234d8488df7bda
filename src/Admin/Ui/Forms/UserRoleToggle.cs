using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Forms;

/// <summary>What a role button on the users page posts: <c>user|role</c>, e.g. <c>alice|Editor</c>.</summary>
public sealed class UserRoleToggle
{
    public string? Target { get; set; }

    public (string User, AdminRole Role)? Parse()
    {
        var bar = Target?.LastIndexOf('|') ?? -1;
        return bar > 0 && Enum.TryParse<AdminRole>(Target![(bar + 1)..], ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? (Target[..bar], role)
            : null;
    }
}
