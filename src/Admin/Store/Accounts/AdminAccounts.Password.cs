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

        var hash = Hasher.HashPassword(name, newPassword);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.LockForAccountsAsync(db, cancellationToken);
        // Deleted meanwhile (on this node or another): say so rather than fail.
        if (await db.Users.SingleOrDefaultAsync(u => u.Name == name, cancellationToken) is not { } row)
        {
            return new(null, [new("currentPassword", $"There is no user named '{name}' any more.")]);
        }

        row.PasswordHash = hash;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(ToUser(row), []);
    }
}
