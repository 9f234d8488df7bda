using System.Net;
using System.Threading.RateLimiting;
using Gateway.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Security;

/// <summary>
/// Counts failed authentications in fixed windows of <see cref="AdminOptions.AuthFailureWindow"/>, so that guessing
/// gains nothing and a real admin is not locked out by someone else's failures:
/// <list type="bullet">
/// <item>API tokens: per client address. Over <see cref="AdminOptions.AuthFailureLimit"/>, every token the address
/// presents is refused unchecked (429). Token failures never count against sign-in.</item>
/// <item>Sign-in: per (client address, user name). Over <see cref="AdminOptions.AuthFailureLimit"/>, that name is
/// refused unchecked from that address; other names are not affected.</item>
/// <item>Sign-in, per client address over all names: over <see cref="AdminOptions.AuthFailureAddressLimit"/>, the
/// address has been trying many names. A name that has not failed from the address in this window is still checked,
/// once (a failure then counts for it), so the right password of a user nobody tried gets through; names that have
/// failed are refused unchecked. An address can thus make at most one guess per existing name per window beyond the
/// limit.</item>
/// </list>
/// </summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _window;
    private readonly int _limit;
    private readonly int _addressLimit;

    public AuthFailureLimiter(IOptions<AdminOptions> options)
    {
        _limit = Math.Max(1, options.Value.AuthFailureLimit);
        _addressLimit = Math.Max(_limit, options.Value.AuthFailureAddressLimit);
        _window = options.Value.AuthFailureWindow;
        _failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith(AddressPrefix, StringComparison.Ordinal) ? _addressLimit : _limit,
            Window = _window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public TimeSpan Window => _window;

    /// <summary>True while <paramref name="client"/> has used up its token failures for the current window.</summary>
    public bool IsTokenLockedOut(IPAddress client) => Exhausted(TokenKey(client));

    public void RecordTokenFailure(IPAddress client) => Record(TokenKey(client));

    /// <summary>Whether a sign-in as <paramref name="user"/> from <paramref name="client"/> may be checked now.</summary>
    public bool MaySignIn(IPAddress client, string user)
    {
        var pair = PairKey(client, user);
        if (Exhausted(pair))
        {
            return false;
        }

        // Over the address's limit, only names without a failure from it in this window are still checked.
        return !Exhausted(AddressKey(client)) || Available(pair) >= _limit;
    }

    public void RecordSignInFailure(IPAddress client, string user)
    {
        Record(PairKey(client, user));
        Record(AddressKey(client));
    }

    public void Dispose() => _failures.Dispose();

    private const string AddressPrefix = "signin-address|";

    private static string TokenKey(IPAddress client) => "token|" + client;

    private static string AddressKey(IPAddress client) => AddressPrefix + client;

    // User names compare case-insensitively in the store, so "Admin" and "admin" share a counter.
    private static string PairKey(IPAddress client, string user) => "signin|" + client + "|" + user.ToLowerInvariant();

    private long Available(string key) => _failures.GetStatistics(key)?.CurrentAvailablePermits ?? long.MaxValue;

    private bool Exhausted(string key) => Available(key) <= 0;

    private void Record(string key)
    {
        using var lease = _failures.AttemptAcquire(key);
    }
}
