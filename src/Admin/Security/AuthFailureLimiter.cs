using System.Net;
using System.Threading.RateLimiting;
using Gateway.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Security;

/// <summary>
/// Counts failed authentications per client address in a fixed window. While an address is over
/// the limit, every token it presents is refused unchecked (429), so guessing gains nothing.
/// </summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _failures;
    private readonly TimeSpan _window;

    public AuthFailureLimiter(IOptions<AdminOptions> options)
    {
        var limit = Math.Max(1, options.Value.AuthFailureLimit);
        _window = options.Value.AuthFailureWindow;
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = _window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public TimeSpan Window => _window;

    /// <summary>True while <paramref name="client"/> has used up its failures for the current window.</summary>
    public bool IsLockedOut(IPAddress client) => _failures.GetStatistics(client)?.CurrentAvailablePermits <= 0;

    /// <summary>Records a failure; true when that used up the client's last allowed one.</summary>
    public bool RecordFailure(IPAddress client)
    {
        using var lease = _failures.AttemptAcquire(client);
        return !lease.IsAcquired || IsLockedOut(client);
    }

    public void Dispose() => _failures.Dispose();
}
