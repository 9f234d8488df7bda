using System.Globalization;
using Gateway.RequestObservation;

namespace Gateway.Admin.Guard;

/// <summary>Whether a route's traffic since a commit is worse than before it, by <see cref="GuardOptions"/>' thresholds.</summary>
internal static class GuardJudge
{
    /// <summary>Why the route is degraded, with the numbers; null when it is not (or there is too little traffic to say).</summary>
    public static string? Degraded(string route, RouteTrafficSummary before, RouteTrafficSummary since, GuardOptions options)
    {
        if (since.Requests < options.MinimumRequests)
        {
            return null;
        }

        // The epsilon keeps a rise of exactly the threshold (0.6 - 0.5 in doubles is 0.0999…) counted as reaching it.
        if (since.ServerErrorRate - before.ServerErrorRate >= options.ErrorRateIncrease - 1e-9)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"route {route}: 5xx rate {since.ServerErrorRate * 100:0}% ({since.ServerErrors} of {since.Requests}) against {before.ServerErrorRate * 100:0}% ({before.ServerErrors} of {before.Requests}) before");
        }

        if (before.Requests >= options.MinimumRequests && since.P99 is { } now && before.P99 is { } was
            && now >= was * options.LatencyFactor && now - was >= options.LatencyIncrease)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"route {route}: p99 {now.TotalMilliseconds:0} ms over {since.Requests} requests against {was.TotalMilliseconds:0} ms over {before.Requests} before");
        }

        return null;
    }
}
