using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gateway.Backends;

/// <summary>
/// One line per failed try (cluster, server, reason, what happened next), never a stack trace:
/// these are network events, expected in a fleet of servers. At most <see cref="LinesPerSecond"/>
/// lines a second, the first line after a quiet spell carrying the count of lines left out, so a
/// dead server under load cannot flood the log while a few failures are all shown.
/// </summary>
internal sealed partial class ForwardFailureLog(ILogger<ForwardFailureLog> logger, TimeProvider time)
{
    public const int LinesPerSecond = 10;

    private readonly Lock _lock = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private int _suppressed;

    public void Failed(string cluster, string server, string method, string reason, string outcome)
    {
        if (logger.IsEnabled(LogLevel.Warning) && ShouldLog(out var suppressed))
        {
            // The count of lines left out is said only when there were some.
            var leftOut = suppressed == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({suppressed} similar lines left out before this one.)");
            LogFailed(logger, method, cluster, server, reason, outcome, leftOut);
        }
    }

    private bool ShouldLog(out int suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (now - _windowStart >= time.TimestampFrequency)
            {
                _windowStart = now;
                _inWindow = 0;
            }

            if (_inWindow < LinesPerSecond)
            {
                _inWindow++;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "{Method} to cluster {Cluster}, server {Server} failed: {Reason}; {Outcome}.{LeftOut}", EventName = "ForwardFailed")]
    private static partial void LogFailed(ILogger logger, string method, string cluster, string server, string reason, string outcome, string leftOut);
}
