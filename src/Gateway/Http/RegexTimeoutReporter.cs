using System.Diagnostics.Metrics;
using Gateway.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Http;

/// <summary>
/// Counts requests refused because a rule's regex ran out of time (metric <c>gateway.rules.regex_timeouts</c>, and
/// <see cref="Count"/>), and logs them at most once per interval with how many were left out, so a flood of
/// crafted requests cannot flood the log.
/// </summary>
internal sealed partial class RegexTimeoutReporter
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    private readonly ILogger<RegexTimeoutReporter> _logger;
    private readonly LogLimiter _limiter;
    private readonly Counter<long> _counter;
    private long _count;

    public RegexTimeoutReporter(ILogger<RegexTimeoutReporter> logger, TimeProvider time, IMeterFactory meters)
    {
        _logger = logger;
        _limiter = new LogLimiter(time, LogInterval);
        _counter = meters.Create("Gateway").CreateCounter<long>("gateway.rules.regex_timeouts", description: "Requests refused because a rule's regex ran out of time.");
    }

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Reports the request when its rules stopped on a regex timeout (once per request).</summary>
    public static void ReportIfTimedOut(HttpContext context, GatewayRuleState state)
    {
        if (state.Session.RegexTimedOut && !state.RegexTimeoutReported)
        {
            state.RegexTimeoutReported = true;
            context.RequestServices.GetService<RegexTimeoutReporter>()?.Report(state.ListenerId, state.Session.Scope);
        }
    }

    /// <summary>The same, for a path without an <see cref="HttpContext"/>.</summary>
    public void ReportIfTimedOut(GatewayRuleState state)
    {
        if (state.Session.RegexTimedOut && !state.RegexTimeoutReported)
        {
            state.RegexTimeoutReported = true;
            Report(state.ListenerId, state.Session.Scope);
        }
    }

    private void Report(string listener, string scope)
    {
        Interlocked.Increment(ref _count);
        _counter.Add(1);
        if (_limiter.ShouldLog(out var suppressed))
        {
            LogTimeout(_logger, listener, scope, suppressed);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused a request on listener {Listener}: a regex of the {Scope} rules ran out of time ({Suppressed} more since the last report).")]
    private static partial void LogTimeout(ILogger logger, string listener, string scope, int suppressed);
}
