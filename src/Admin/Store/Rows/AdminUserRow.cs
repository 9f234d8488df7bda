namespace Gateway.Admin.Store.Rows;

internal sealed class AdminUserRow
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>ASP.NET Core Identity's password hash (PBKDF2, salted); never the password.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>viewer, editor or admin.</summary>
    public required string Role { get; set; }

    public required string CreatedUtc { get; set; }
}
