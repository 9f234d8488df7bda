using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

internal static class HealthCheckValidator
{
    /// <param name="tcpCluster">The cluster's servers are tcp://: its check is a connect, with no path.</param>
    public static void Validate(HealthCheckConfig? check, bool tcpCluster, string path, ValidationErrors errors)
    {
        if (check is null)
        {
            return;
        }

        if (tcpCluster)
        {
            if (check.Path is not null)
            {
                errors.Add($"{path}.path", "A cluster of tcp:// servers is checked by opening a TCP connection to each server, not by an HTTP request; leave the path out.");
            }
        }
        else if (check.Path is null)
        {
            errors.Add($"{path}.path", "A health check of http(s) servers needs the path to request, e.g. /health (only clusters of tcp:// servers are checked without one, by connecting).");
        }
        else if (check.Path.Length == 0 || check.Path[0] != '/' || check.Path.StartsWith("//", StringComparison.Ordinal)
            || check.Path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#'))
        {
            errors.Add($"{path}.path", $"'{check.Path}' is not a health-check path: write an absolute path without spaces, query or fragment, e.g. /health.");
        }

        var intervalValid = check.Interval >= HealthCheckConfig.MinInterval && check.Interval <= HealthCheckConfig.MaxInterval;
        if (!intervalValid)
        {
            errors.Add($"{path}.interval", $"The interval must be from {HealthCheckConfig.MinInterval.TotalMilliseconds} ms to {HealthCheckConfig.MaxInterval.TotalHours} hour; {DurationText.Found(check.Interval, HealthCheckConfig.MaxInterval, HealthCheckConfig.MinInterval)}.");
        }

        if (check.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}.timeout", $"The timeout must be longer than zero; {DurationText.Found(check.Timeout, TimeSpan.MaxValue)}.");
        }
        else if (intervalValid && check.Timeout > check.Interval)
        {
            errors.Add($"{path}.timeout", $"The timeout ({DurationText.Describe(check.Timeout)}) must not be longer than the interval ({DurationText.Describe(check.Interval)}): a check would still run when the next one starts.");
        }

        if (check.Rise is < 1 or > HealthCheckConfig.MaxCount)
        {
            errors.Add($"{path}.rise", $"rise must be from 1 to {HealthCheckConfig.MaxCount} successes in a row; found {check.Rise}.");
        }

        if (check.Fall is < 1 or > HealthCheckConfig.MaxCount)
        {
            errors.Add($"{path}.fall", $"fall must be from 1 to {HealthCheckConfig.MaxCount} failures in a row; found {check.Fall}.");
        }
    }
}
