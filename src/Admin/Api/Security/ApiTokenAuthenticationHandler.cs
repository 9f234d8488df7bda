using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Api.Security;

/// <summary>
/// Authenticates admin API requests by <c>Authorization: Bearer gw_…</c> against the stored token
/// hashes. Refusals are problem+json: 401 with the reason (no token, unknown, expired, revoked),
/// 429 while the client's address is over its failure limit, 403 when the role is too low.
/// </summary>
/// <remarks>
/// Only requests to admin API endpoints are looked at: were this the host's only scheme, ASP.NET
/// Core would run it on every request, including proxied traffic, whose own bearer tokens are none of
/// our business.
/// </remarks>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminAccounts accounts,
    AuthFailureLimiter limiter,
    OfflineTokens offline)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "GatewayApiToken";
    public const string TokenIdClaim = "gateway:token";

    private string _refusal = "This endpoint needs an API token: send Authorization: Bearer <token>.";
    private bool _lockedOut;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<AdminApiEndpointMetadata>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return AuthenticateResult.NoResult();
        }

        var client = Context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.IsTokenLockedOut(client))
        {
            _lockedOut = true;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        var token = header["Bearer ".Length..].Trim();
        TokenCheck check;
        try
        {
            check = await accounts.CheckTokenAsync(token, Context.RequestAborted);
        }
        catch (Exception ex) when (Gateway.Admin.Store.GatewayDatabase.IsUnreachable(ex) && offline.Recall(token) is { } known)
        {
            // The shared database is gone: a token this node checked recently still reads (writes answer 503).
            check = new TokenCheck(known, TokenRejection.None);
        }

        if (check.Identity is { } valid)
        {
            offline.Remember(token, valid);
        }

        if (check.Identity is not { } identity)
        {
            limiter.RecordTokenFailure(client);
            _refusal = check.Rejection switch
            {
                TokenRejection.Expired => "The API token has expired; ask an admin for a new one.",
                TokenRejection.Revoked => "The API token has been revoked; ask an admin for a new one.",
                _ => "The API token is not known.",
            };
            return AuthenticateResult.Fail(_refusal);
        }

        List<Claim> claims =
        [
            new(ClaimTypes.Name, identity.Owner),
            new(TokenIdClaim, identity.TokenId.ToString(CultureInfo.InvariantCulture)),
            .. AdminRoles.Implied(identity.Role).Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_lockedOut)
        {
            Response.Headers.RetryAfter = ((int)Math.Ceiling(limiter.Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "Too many failed authentications.",
                $"This address presented too many invalid tokens; try again in {limiter.Window.TotalSeconds:0} seconds.").ExecuteAsync(Context);
        }

        Response.Headers.WWWAuthenticate = "Bearer realm=\"gateway-admin\"";
        return ApiProblems.Create(StatusCodes.Status401Unauthorized, "Not authenticated.", _refusal).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var roles = Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        var role = roles.Count == 0 ? "none" : roles[^1];
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<AdminApiEndpointMetadata>()?.Role;
        var detail = needed is null
            ? $"The token's role ({role}) does not allow this."
            : $"This needs the {AdminRoles.Name(needed.Value)} role; the token of '{Context.User.Identity?.Name}' has the {role} role.";
        return ApiProblems.Create(StatusCodes.Status403Forbidden, "Not allowed.", detail).ExecuteAsync(Context);
    }
}
