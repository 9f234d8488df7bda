using Gateway.Core.Validation;

namespace Gateway.Admin.Store.Accounts;

internal sealed record AdminUser(long Id, string Name, AdminRole Role, DateTimeOffset CreatedUtc);

/// <summary>A token as listed: never the token itself.</summary>
internal sealed record ApiTokenInfo(long Id, string Name, string Owner, string Prefix, AdminRole Role, DateTimeOffset CreatedUtc, DateTimeOffset? ExpiresUtc, DateTimeOffset? RevokedUtc);

/// <summary>A new token. <see cref="Token"/> is shown to its owner once and is not stored.</summary>
internal sealed record CreatedToken(ApiTokenInfo Info, string Token);

/// <summary>The identity behind a valid token: the author of the revisions it commits.</summary>
internal sealed record TokenIdentity(long TokenId, string Owner, AdminRole Role);

internal enum TokenRejection
{
    None,
    Unknown,
    Expired,
    Revoked,
}

/// <summary>The identity behind a presented token, or why there is none.</summary>
internal sealed record TokenCheck(TokenIdentity? Identity, TokenRejection Rejection);

/// <summary>A value, or every reason it could not be made.</summary>
internal sealed record AccountResult<T>(T? Value, IReadOnlyList<ValidationError> Errors)
    where T : class
{
    public bool Succeeded => Value is not null;
}
