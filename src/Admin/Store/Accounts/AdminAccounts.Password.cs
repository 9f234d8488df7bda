using Gateway.Core.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store.Accounts;

internal sealed partial class AdminAccounts
{
    /// <summary>
    /// A person changes their own password: the current one must be theirs, the new one at least
    /// <see cref="MinimumPasswordLength"/> characters and different. Errors are at <c>currentPassword</c> and <c>newPassword</c>.
    /// </summary>
    public async Task<AccountResult<AdminUser>> ChangePasswordAsync(string name, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        if (await VerifyPasswordAsync(name, currentPassword, cancellationToken) is null)
        {
            return new(null, [new("currentPassword", "That is not your current password.")]);
        }

        if (newPassword is null || newPassword.Length < MinimumPasswordLength)
        {
            return new(null, [new("newPassword", $"The new password must be at least {MinimumPasswordLength} characters long.")]);
        }

        if (newPassword == currentPassword)
        {
            return new(null, [new("newPassword", "The new password is the current one; choose another.")]);
        }

        await using var db = database.CreateContext();
        var row = await db.Users.SingleAsync(u => u.Name == name, cancellationToken);
        row.PasswordHash = Hasher.HashPassword(row.Name, newPassword);
        await db.SaveChangesAsync(cancellationToken);
        return new(ToUser(row), []);
    }
}
