using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Ui.Security;

/// <summary>
/// The authentication state of the admin pages' circuits (the overview's live part). A circuit keeps the principal it
/// started with and never sees the cookie again, so every <see cref="RevalidationInterval"/> this asks whether the
/// sign-in's server-side session still exists; after sign-out (or the user's deletion) the circuit's user becomes
/// anonymous and the live components stop showing data.
/// </summary>
internal sealed class AdminSessionRevalidator(ILoggerFactory loggerFactory, AdminSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How long a signed-out circuit may go on showing data, at most. Tests shorten it.</summary>
    internal static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        AdminTicketStore.SessionId(authenticationState.User) is { } session && await sessions.ExistsAsync(session, cancellationToken);
}
