using System.Security.Cryptography;
using Gateway.Admin.Configuration;
using Gateway.Admin.Store.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Security;

/// <summary>
/// Gives a store without users its first administrator: user <c>admin</c> with a password (for the
/// admin pages) and an API token, each the one from configuration when given
/// (<c>Gateway:Admin:BootstrapPassword</c>, <c>Gateway:Admin:BootstrapToken</c>). What is not
/// configured is generated only by a host that will show it (the standalone host prints it once);
/// a credential nobody sees would lock the store. Once a user exists this does nothing, so nothing
/// is ever shown twice.
/// It runs once the server has started (<see cref="StartedAsync"/>), still before the host's start returns and the
/// banner is printed: the password and token hashes (PBKDF2) and the account queries are admin work, and the gateway's
/// listeners need not wait for them (docs/benchmarks.md, issue 18, "Time to first answer"). Until it has run, the
/// store has no user, so nobody can sign in or use the API: nothing is open in between.
/// </summary>
internal sealed partial class AdminBootstrap(AdminAccounts accounts, IOptions<AdminOptions> options, ILogger<AdminBootstrap> logger) : IHostedLifecycleService
{
    public const string UserName = "admin";
    private BootstrapCredentials? _generated;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates the first administrator at start-up, when there is no user yet, once the server is listening.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartCoreAsync(cancellationToken);
        }
        catch (Exception ex) when (Gateway.Admin.Store.GatewayDatabase.IsUnreachable(ex))
        {
            // A node of a shared store started from its local copy: the users are in the database, which another
            // node (or this one, before) created them in; there is nothing to bootstrap until it is back.
            LogBootstrapSkipped(logger, ex.GetBaseException().Message);
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _generated = await EnsureAdministratorAsync(options.Value.GenerateBootstrapCredentials, cancellationToken);
        if (_generated is null && !await accounts.HasUsersAsync(cancellationToken))
        {
            LogNoAdministrator(logger);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The credentials generated at this start, for the one place that shows them; null ever after.</summary>
    public BootstrapCredentials? TakeGenerated() => Interlocked.Exchange(ref _generated, null);

    /// <summary>
    /// Creates the first administrator when there are no users. Returns what this call generated (to be
    /// shown now, and never again); null when it created nothing or generated nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured bootstrap credential is malformed.</exception>
    private async Task<BootstrapCredentials?> EnsureAdministratorAsync(bool generate, CancellationToken cancellationToken = default)
    {
        var configuredToken = NullIfEmpty(options.Value.BootstrapToken);
        var configuredPassword = NullIfEmpty(options.Value.BootstrapPassword);
        if (configuredToken is null && configuredPassword is null && !generate)
        {
            return null;
        }

        if (await accounts.HasUsersAsync(cancellationToken))
        {
            return null;
        }

        // A generated password is shown only by a host that prints it; otherwise it only has to be unguessable.
        var generatedPassword = configuredPassword is null && generate ? RandomNumberGenerator.GetString(PasswordCharacters, 20) : null;
        var password = configuredPassword ?? generatedPassword ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var user = await accounts.CreateUserAsync(UserName, password, AdminRole.Admin, cancellationToken);
        if (!user.Succeeded)
        {
            var reasons = string.Join("; ", user.Errors.Select(e => e.Message));
            throw new InvalidOperationException(configuredPassword is null
                ? $"Could not create the first admin user: {reasons}"
                : $"Gateway:Admin:BootstrapPassword is not usable: {reasons}");
        }

        string? generatedToken = null;
        if (configuredToken is not null || generate)
        {
            var token = await accounts.CreateTokenAsync(UserName, "bootstrap", AdminRole.Admin, expires: null, configuredToken, cancellationToken);
            if (!token.Succeeded)
            {
                await accounts.DeleteUserAsync(UserName, cancellationToken);
                throw new InvalidOperationException($"Gateway:Admin:BootstrapToken is not usable: {string.Join("; ", token.Errors.Select(e => e.Message))}");
            }

            generatedToken = configuredToken is null ? token.Value!.Token : null;
        }

        LogCreated(logger, UserName,
            configuredPassword is null ? "a generated password" : "the password from Gateway:Admin:BootstrapPassword",
            configuredToken is not null ? "the token from Gateway:Admin:BootstrapToken" : generatedToken is not null ? "a generated token" : "no API token");
        return generatedToken is null && generatedPassword is null ? null : new BootstrapCredentials(generatedPassword, generatedToken);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Letters and digits only: easy to copy from a terminal, and about 119 bits in 20 characters.
    private const string PasswordCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    [LoggerMessage(30, LogLevel.Warning, "The admin store has no users, so nobody can sign in or use the admin API. Set Gateway:Admin:BootstrapPassword or Gateway:Admin:BootstrapToken (e.g. the environment variable Gateway__Admin__BootstrapPassword) to create the first admin user.")]
    private static partial void LogNoAdministrator(ILogger logger);

    [LoggerMessage(32, LogLevel.Warning, "The configuration database is unreachable ({Reason}), so admin users were not checked at start.")]
    private static partial void LogBootstrapSkipped(ILogger logger, string reason);

    [LoggerMessage(31, LogLevel.Information, "Created the first admin user '{User}' with {Password} and {Token}.")]
    private static partial void LogCreated(ILogger logger, string user, string password, string token);
}

/// <summary>The first administrator's credentials that were generated rather than configured: shown once.</summary>
internal sealed record BootstrapCredentials(string? Password, string? Token);
