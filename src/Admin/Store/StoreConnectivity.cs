using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Store;

/// <summary>
/// Whether this node reaches its shared store (PostgreSQL). The gateway keeps serving the last snapshot it applied
/// while the database is lost; this is what the status page, the API's 503 and the log say about it. The loss is
/// logged once, and the recovery once, however many calls fail in between.
/// </summary>
public sealed partial class StoreConnectivity(TimeProvider time, ILogger<StoreConnectivity> logger)
{
    private readonly Lock _sync = new();
    private DateTimeOffset? _lostSince;
    private string? _reason;

    /// <summary>False from a failed call to the database until one succeeds.</summary>
    public bool Reachable => Volatile.Read(ref _reason) is null;

    /// <summary>When the database was first found unreachable, while it is.</summary>
    public DateTimeOffset? LostSince
    {
        get
        {
            lock (_sync)
            {
                return _lostSince;
            }
        }
    }

    /// <summary>Why it is unreachable (the driver's message), while it is.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    internal void Lost(Exception exception)
    {
        lock (_sync)
        {
            if (_lostSince is not null)
            {
                return;
            }

            _lostSince = time.GetUtcNow();
            Volatile.Write(ref _reason, exception.GetBaseException().Message);
        }

        LogLost(logger, exception.GetBaseException().Message);
    }

    internal void Recovered(long revision)
    {
        DateTimeOffset since;
        lock (_sync)
        {
            if (_lostSince is not { } lost)
            {
                return;
            }

            since = lost;
            _lostSince = null;
            Volatile.Write(ref _reason, null);
        }

        LogRecovered(logger, (time.GetUtcNow() - since).TotalSeconds, revision);
    }

    [LoggerMessage(40, LogLevel.Error, "The configuration database is unreachable ({Reason}); this node keeps serving the last revision it applied, and refuses configuration changes until the database is back.")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(41, LogLevel.Information, "The configuration database is reachable again after {Seconds:0.0} s; this node serves revision {Revision}.")]
    private static partial void LogRecovered(ILogger logger, double seconds, long revision);
}

/// <summary>The shared store cannot be reached: the admin API answers 503, and nothing was changed.</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
