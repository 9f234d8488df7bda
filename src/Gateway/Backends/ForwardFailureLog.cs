using Gateway.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Backends;

/// <summary>
/// One line per failed try (cluster, server, reason, what happened next), never a stack trace:
/// these are network events, expected in a fleet of servers. At most one line a second, with the
/// count of lines left out, so a dead server under load cannot flood the log.
/// </summary>
internal sealed partial class ForwardFailureLog(ILogger<ForwardFailureLog> logger, TimeProvider time)
{
    private readonly LogLimiter _limiter = new(time, TimeSpan.FromSeconds(1));

    public void Failed(string cluster, string server, string method, string reason, string outcome)
    {
        if (logger.IsEnabled(LogLevel.Warning) && _limiter.ShouldLog(out var suppressed))
        {
            LogFailed(logger, method, cluster, server, reason, outcome, suppressed);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "{Method} to cluster {Cluster}, server {Server} failed: {Reason}; {Outcome}. ({Suppressed} similar lines left out since the last one.)", EventName = "ForwardFailed")]
    private static partial void LogFailed(ILogger logger, string method, string cluster, string server, string reason, string outcome, int suppressed);
}
