using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Gateway.Admin.Ui.Security;

/// <summary>
/// The cookie scheme's server-side session store (ASP.NET Core's <see cref="ITicketStore"/>): the cookie carries a
/// random session key, the sign-in lives in the database. Sign-out removes it, so a copy of the cookie taken before
/// sign-out is refused afterwards, on every node that shares the database and across restarts.
/// </summary>
internal sealed class AdminTicketStore(AdminSessions sessions, TimeProvider time) : ITicketStore
{
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromHours(8);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        // The principal names its session (by the key's hash), so a Blazor circuit, which has the principal but no
        // cookie, can ask whether the session still exists.
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(SessionClaim, AdminSessions.IdOf(key)));
        }

        await sessions.CreateAsync(key, UserId(ticket), TicketSerializer.Default.Serialize(ticket), Expiry(ticket));
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        sessions.RenewAsync(key, TicketSerializer.Default.Serialize(ticket), Expiry(ticket));

    public async Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        await sessions.FindAsync(key) is { } bytes ? TicketSerializer.Default.Deserialize(bytes) : null;

    public Task RemoveAsync(string key) => sessions.RemoveAsync(key);

    private DateTimeOffset Expiry(AuthenticationTicket ticket) => ticket.Properties.ExpiresUtc ?? time.GetUtcNow() + FallbackLifetime;

    private static long UserId(AuthenticationTicket ticket) =>
        long.Parse(ticket.Principal.FindFirst(AdminUiAuthentication.UserIdClaim)?.Value ?? throw new InvalidOperationException("An admin sign-in without a user id."), CultureInfo.InvariantCulture);

    /// <summary>The claim that names a principal's session: the hash of its key, as <see cref="AdminSessions"/> stores it.</summary>
    public const string SessionClaim = "gateway_admin_session";

    /// <summary>The session a signed-in principal belongs to; null for one signed in before sessions were recorded.</summary>
    public static string? SessionId(ClaimsPrincipal? user) => user?.FindFirst(SessionClaim)?.Value;
}
