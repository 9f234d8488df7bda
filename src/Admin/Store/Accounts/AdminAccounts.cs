using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Admin.Store.Rows;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store.Accounts;

/// <summary>
/// Admin users and API tokens. Passwords are hashed with ASP.NET Core Identity's hasher; tokens
/// are random 256-bit values shown once and stored as SHA-256 hashes, with a role that cannot
/// exceed their owner's, an optional expiry, and revocation. Deleting a user deletes their tokens.
/// </summary>
internal sealed partial class AdminAccounts(GatewayDatabase database, TimeProvider time)
{
    public const int MinimumPasswordLength = 12;
    private const string TokenPrefix = "gw_";
    private static readonly PasswordHasher<string> Hasher = new();

    public async Task<AccountResult<AdminUser>> CreateUserAsync(string name, string password, AdminRole role, CancellationToken cancellationToken = default)
    {
        var errors = new List<ValidationError>();
        var path = $"users[{name}]";
        if (!IsValidName(name))
        {
            errors.Add(new($"{path}.name", "A user name is 1 to 100 letters, digits, '.', '-', '_' or '@'."));
        }

        if (password is null || password.Length < MinimumPasswordLength)
        {
            errors.Add(new($"{path}.password", $"The password must be at least {MinimumPasswordLength} characters long."));
        }

        // Hashing is slow on purpose: done before the write lock is taken.
        var hash = errors.Count == 0 ? Hasher.HashPassword(name, password!) : "";
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.LockForAccountsAsync(db, cancellationToken);
        if (errors.Count == 0 && await db.Users.AnyAsync(u => u.Name == name, cancellationToken))
        {
            errors.Add(new($"{path}.name", $"A user named '{name}' already exists."));
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var row = new AdminUserRow { Name = name, PasswordHash = hash, Role = RoleName(role), CreatedUtc = Now() };
        db.Users.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(ToUser(row), []);
    }

    /// <summary>The user, when the password is theirs; null otherwise (unknown users cost as much time as known ones).</summary>
    public async Task<AdminUser?> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var row = await db.Users.SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (row is null)
        {
            Hasher.VerifyHashedPassword(name, UnknownUserHash, password);
            return null;
        }

        var verdict = Hasher.VerifyHashedPassword(row.Name, row.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            row.PasswordHash = Hasher.HashPassword(row.Name, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ToUser(row);
    }

    public async Task<IReadOnlyList<AdminUser>> UsersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return [.. (await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(cancellationToken)).Select(ToUser)];
    }

    /// <summary>The user with this name, or null when there is none.</summary>
    public async Task<AdminUser?> FindUserAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var row = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
        return row is null ? null : ToUser(row);
    }

    /// <summary>Deletes a user and, with them, their tokens. False when there is no such user.</summary>
    public async Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Users.Where(u => u.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Deletes a user and their tokens unless they are the last admin. The check and the delete are one
    /// statement, so two admins deleting (or demoting) each other at once cannot leave the store without one.
    /// Returns the deleted user; errors at <c>users[name]</c> say why nothing was deleted.
    /// </summary>
    public async Task<AccountResult<AdminUser>> DeleteUserKeepingAnAdminAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = $"users[{name}]";
        var admin = RoleName(AdminRole.Admin);
        await using var db = database.CreateContext();
        // On PostgreSQL the one statement is not enough: two nodes deleting the last two admins would each count two.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.LockForAccountsAsync(db, cancellationToken);
        if (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Name == name, cancellationToken) is not { } row)
        {
            return new(null, [new(path, $"There is no user named '{name}'.")]);
        }

        var deleted = await db.Users
            .Where(u => u.Id == row.Id && (u.Role != admin || db.Users.Count(other => other.Role == admin) > 1))
            .ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0
            ? new(ToUser(row), [])
            : new(null, [new(path, $"'{row.Name}' is the last admin; make another admin first, so the store is never left without one.")]);
    }

    /// <summary>
    /// Gives a user another role. The last admin cannot be demoted, so the store always has one; the user's
    /// tokens that would now outrank them are lowered to the new role, as a new token could not exceed it.
    /// A user that does not exist is an error at <c>users[name]</c>.
    /// </summary>
    public async Task<AccountResult<AdminUser>> ChangeRoleAsync(string name, AdminRole role, CancellationToken cancellationToken = default)
    {
        var path = $"users[{name}]";
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.LockForAccountsAsync(db, cancellationToken);
        var row = await db.Users.SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (row is null)
        {
            return new(null, [new(path, $"There is no user named '{name}'.")]);
        }

        var admin = RoleName(AdminRole.Admin);
        if (row.Role == admin && role != AdminRole.Admin && await db.Users.CountAsync(u => u.Role == admin, cancellationToken) == 1)
        {
            return new(null, [new($"{path}.role", $"'{row.Name}' is the last admin; make another user admin first, so the store is never left without one.")]);
        }

        row.Role = RoleName(role);
        var tokens = await db.ApiTokens.Where(t => t.OwnerId == row.Id).ToListAsync(cancellationToken);
        foreach (var token in tokens.Where(t => ParseRole(t.Role) > role))
        {
            token.Role = RoleName(role);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(ToUser(row), []);
    }

    /// <summary>True once any user exists: the store has been given its first administrator.</summary>
    public async Task<bool> HasUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Users.AnyAsync(cancellationToken);
    }

    public Task<AccountResult<CreatedToken>> CreateTokenAsync(string owner, string name, AdminRole role, DateTimeOffset? expires, CancellationToken cancellationToken = default) =>
        CreateTokenAsync(owner, name, role, expires, presetToken: null, cancellationToken);

    /// <summary>
    /// Creates a token whose value was chosen elsewhere (the bootstrap token from configuration), so it
    /// must look like one this class generates: <c>gw_</c> and at least 32 base64url characters.
    /// </summary>
    public async Task<AccountResult<CreatedToken>> CreateTokenAsync(string owner, string name, AdminRole role, DateTimeOffset? expires, string? presetToken, CancellationToken cancellationToken = default)
    {
        var path = $"tokens[{name}]";
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.LockForAccountsAsync(db, cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Name == owner, cancellationToken);
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            errors.Add(new($"{path}.name", "A token needs a name of 1 to 100 characters, saying what it is for."));
        }

        if (user is null)
        {
            errors.Add(new($"{path}.owner", $"There is no user named '{owner}'."));
        }
        else if (role > ParseRole(user.Role))
        {
            errors.Add(new($"{path}.role", $"A token cannot have more rights than its owner; '{owner}' is {user.Role}."));
        }

        if (expires is { } at && at <= time.GetUtcNow())
        {
            errors.Add(new($"{path}.expires", "The expiry must be in the future; leave it out for a token that does not expire."));
        }

        if (presetToken is not null && !IsWellFormedToken(presetToken))
        {
            errors.Add(new($"{path}.token", $"A token is '{TokenPrefix}' followed by at least {MinimumPresetTokenLength} letters, digits, '-' or '_'; generate one with e.g. `openssl rand -base64 32 | tr '+/' '-_' | tr -d '='` and prefix it with '{TokenPrefix}'."));
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var token = presetToken ?? TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiTokenRow
        {
            Name = name,
            OwnerId = user!.Id,
            Hash = Hash(token),
            Prefix = token[..(TokenPrefix.Length + 6)],
            Role = RoleName(role),
            CreatedUtc = Now(),
            ExpiresUtc = expires is { } e ? Format(e) : null,
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(new CreatedToken(ToInfo(row, user.Name), token), []);
    }

    /// <summary>Who a presented token belongs to; null when it is unknown, revoked or expired.</summary>
    public async Task<TokenIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken = default) =>
        (await CheckTokenAsync(token, cancellationToken)).Identity;

    /// <summary>Who a presented token belongs to, or why it is refused.</summary>
    public async Task<TokenCheck> CheckTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return new(null, TokenRejection.Unknown);
        }

        var hash = Hash(token);
        await using var db = database.CreateContext();
        var match = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users, t => t.OwnerId, u => u.Id, (t, u) => new { t.Id, t.Role, t.ExpiresUtc, t.RevokedUtc, Owner = u.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (match is null)
        {
            return new(null, TokenRejection.Unknown);
        }

        if (match.RevokedUtc is not null)
        {
            return new(null, TokenRejection.Revoked);
        }

        if (match.ExpiresUtc is { } expires && Parse(expires) <= time.GetUtcNow())
        {
            return new(null, TokenRejection.Expired);
        }

        return new(new TokenIdentity(match.Id, match.Owner, ParseRole(match.Role)), TokenRejection.None);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> TokensAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.ApiTokens.AsNoTracking()
            .Join(db.Users, t => t.OwnerId, u => u.Id, (t, u) => new { Token = t, Owner = u.Name })
            .OrderBy(x => x.Token.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => ToInfo(x.Token, x.Owner))];
    }

    /// <summary>Revokes a token for good. False when there is no such token or it was revoked already.</summary>
    public async Task<bool> RevokeTokenAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var now = Now();
        return await db.ApiTokens.Where(t => t.Id == id && t.RevokedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedUtc, now), cancellationToken) > 0;
    }

    // A real hash of a throwaway password, so that verifying an unknown user costs what a known one does.
    private static readonly string UnknownUserHash = Hasher.HashPassword("unknown", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private const int MinimumPresetTokenLength = 32;

    private static bool IsWellFormedToken(string token) =>
        token.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && token.Length - TokenPrefix.Length >= MinimumPresetTokenLength
        && !token.AsSpan(TokenPrefix.Length).ContainsAnyExcept(Base64UrlCharacters);

    private static readonly System.Buffers.SearchValues<char> Base64UrlCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string RoleName(AdminRole role) => role.ToString().ToLowerInvariant();

    private static AdminRole ParseRole(string role) => Enum.Parse<AdminRole>(role, ignoreCase: true);

    private string Now() => Format(time.GetUtcNow());

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static AdminUser ToUser(AdminUserRow row) => new(row.Id, row.Name, ParseRole(row.Role), Parse(row.CreatedUtc));

    private static ApiTokenInfo ToInfo(ApiTokenRow row, string owner) => new(
        row.Id, row.Name, owner, row.Prefix, ParseRole(row.Role), Parse(row.CreatedUtc),
        row.ExpiresUtc is { } e ? Parse(e) : null, row.RevokedUtc is { } r ? Parse(r) : null);
}
