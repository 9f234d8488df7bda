using System.Globalization;
using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Ui.Forms;

/// <summary>The new-token form: what the token is for, whose it is, its role and an optional expiry date (UTC midnight).</summary>
internal sealed class TokenForm
{
    public static IReadOnlyList<string> Fields { get; } = ["name", "owner", "role", "expires"];

    public string? Name { get; set; }

    public string? Owner { get; set; }

    public AdminRole Role { get; set; } = AdminRole.Viewer;

    /// <summary><c>yyyy-MM-dd</c>, as a date input posts it; empty for a token that does not expire.</summary>
    public string? Expires { get; set; }

    public DateTimeOffset? ExpiresUtc(FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Expires))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(Expires.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        errors.Add("expires", $"'{Expires.Trim()}' is not a date; write it as yyyy-mm-dd, or leave it empty for a token that does not expire.");
        return null;
    }
}

/// <summary>The new-user form.</summary>
internal sealed class UserForm
{
    public static IReadOnlyList<string> Fields { get; } = ["name", "password", "role"];

    public string? Name { get; set; }

    public string? Password { get; set; }

    public AdminRole Role { get; set; } = AdminRole.Viewer;
}
