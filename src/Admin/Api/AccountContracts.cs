using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Api;

/// <summary>A token as listed: never the token itself. <c>prefix</c> tells tokens apart.</summary>
internal sealed record TokenInfo(long Id, string Name, string Owner, string Prefix, string Role, DateTimeOffset CreatedUtc, DateTimeOffset? ExpiresUtc, DateTimeOffset? RevokedUtc)
{
    public static TokenInfo From(ApiTokenInfo token) => new(
        token.Id, token.Name, token.Owner, token.Prefix, AdminRoles.Name(token.Role), token.CreatedUtc, token.ExpiresUtc, token.RevokedUtc);
}

/// <summary>A new token for <c>owner</c> (the caller when left out), with a role no higher than the owner's, and an optional expiry.</summary>
internal sealed record CreateTokenRequest(string Name, string Role, string? Owner = null, DateTimeOffset? ExpiresUtc = null);

/// <summary>The new token: <c>token</c> is shown this once and stored only as a hash.</summary>
internal sealed record CreatedTokenResponse(string Token, TokenInfo Info);

internal sealed record UserInfo(string Name, string Role, DateTimeOffset CreatedUtc)
{
    public static UserInfo From(AdminUser user) => new(user.Name, AdminRoles.Name(user.Role), user.CreatedUtc);
}

internal sealed record CreateUserRequest(string Name, string Password, string Role);

/// <summary>The body of <c>PATCH /users/{name}</c>: the user's new role.</summary>
internal sealed record ChangeUserRequest(string Role);
