using Gateway.Admin.Hosting;
using Gateway.Admin.Store.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Api.Security;

/// <summary>
/// Gives a store without users its first administrator: user <c>admin</c> with an API token, the one
/// from <c>Gateway:Admin:BootstrapToken</c> when configured. Without one, only a host that will show
/// the generated token (the standalone host prints it once) asks for one to be generated; a token
/// nobody sees would lock the store. Once a user exists this does nothing, so a token is never
/// shown twice.
/// </summary>
internal sealed partial class AdminBootstrap(AdminAccounts accounts, IOptions<AdminOptions> options, ILogger<AdminBootstrap> logger) : IHostedService
{
    public const string UserName = "admin";
    private string? _generated;

    /// <summary>Creates the first administrator at start-up, when there is no user yet.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _generated = await EnsureAdministratorAsync(options.Value.GenerateBootstrapToken, cancellationToken);
        if (_generated is null && !await accounts.HasUsersAsync(cancellationToken))
        {
            LogNoAdministrator(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The token generated at this start, for the one place that shows it; null ever after.</summary>
    public string? TakeGeneratedToken() => Interlocked.Exchange(ref _generated, null);

    /// <summary>
    /// Creates the first administrator when there are no users. Returns the token when this call
    /// generated it (to be shown now, and never again); null otherwise.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configured bootstrap token is malformed.</exception>
    private async Task<string?> EnsureAdministratorAsync(bool generate, CancellationToken cancellationToken = default)
    {
        var configured = options.Value.BootstrapToken;
        if (string.IsNullOrEmpty(configured) && !generate)
        {
            return null;
        }

        if (await accounts.HasUsersAsync(cancellationToken))
        {
            return null;
        }

        // Nobody signs in with this password (the API takes tokens); it only has to be unguessable.
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var user = await accounts.CreateUserAsync(UserName, password, AdminRole.Admin, cancellationToken);
        if (!user.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the first admin user: {string.Join("; ", user.Errors)}");
        }

        var preset = string.IsNullOrEmpty(configured) ? null : configured;
        var token = await accounts.CreateTokenAsync(UserName, "bootstrap", AdminRole.Admin, expires: null, preset, cancellationToken);
        if (!token.Succeeded)
        {
            await accounts.DeleteUserAsync(UserName, cancellationToken);
            throw new InvalidOperationException($"Gateway:Admin:BootstrapToken is not usable: {string.Join("; ", token.Errors.Select(e => e.Message))}");
        }

        LogCreated(logger, UserName, preset is null ? "a generated token" : "the token from Gateway:Admin:BootstrapToken");
        return preset is null ? token.Value!.Token : null;
    }

    [LoggerMessage(30, LogLevel.Warning, "The admin store has no users, so nobody can use the admin API. Set Gateway:Admin:BootstrapToken (e.g. the environment variable Gateway__Admin__BootstrapToken) to create the first admin token.")]
    private static partial void LogNoAdministrator(ILogger logger);

    [LoggerMessage(31, LogLevel.Information, "Created the first admin user '{User}' with {Source}.")]
    private static partial void LogCreated(ILogger logger, string user, string source);
}
