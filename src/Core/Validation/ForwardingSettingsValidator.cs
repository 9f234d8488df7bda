using System.Globalization;
using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

/// <summary>
/// A cluster's settings for how requests reach its servers and what happens when they fail: the Host
/// sent, retries, passive health, the sticky cookie and the queue. Bounds follow HAProxy's where it has
/// one (<c>retries</c>, <c>retry-on</c>, <c>error-limit</c>, <c>maxqueue</c>, <c>timeout queue</c>).
/// </summary>
/// <remarks>
/// More retries than the cluster has other servers is not an error (the default of 3 with two servers
/// is a sensible setting): once every other server was tried, a retry goes to one already tried, as
/// HAProxy's do. The README says so next to the field.
/// </remarks>
internal static class ForwardingSettingsValidator
{
    public static void Validate(ClusterConfig cluster, string path, ValidationErrors errors)
    {
        CheckHostHeader(cluster.HostHeader, $"{path}.hostHeader", errors);
        if (!HttpReuseModes.All.Contains(cluster.HttpReuse))
        {
            errors.Add($"{path}.httpReuse", $"'{cluster.HttpReuse}' is not a reuse strategy; use never, safe (the default), aggressive or always.");
        }

        CheckRetry(cluster.Retry, $"{path}.retry", errors);
        CheckPassiveHealth(cluster.PassiveHealth, $"{path}.passiveHealth", errors);

        if (cluster.StickyCookie is { } cookie && !HttpToken.IsValid(cookie))
        {
            errors.Add($"{path}.stickyCookie", $"'{cookie}' is not a cookie name: use letters, digits and !#$%&'*+-.^_`|~ only (no spaces, '=' or ';'), e.g. SERVERID; leave it out for no stickiness.");
        }

        if (cluster.MaxQueue is < 0)
        {
            errors.Add($"{path}.maxQueue", $"The queue length must be 0 or more; found {cluster.MaxQueue}. 0 queues nothing (503 at once when every server is at its limit); leave it out for no limit.");
        }

        if (cluster.QueueTimeout is { } queue && queue <= TimeSpan.Zero)
        {
            errors.Add($"{path}.queueTimeout", "The queue timeout must be longer than zero (for example 00:00:05); leave it out for the default of five seconds.");
        }

        ValidateConcurrency(cluster.Concurrency, $"{path}.concurrency", errors);
    }

    /// <summary>A route's or cluster's concurrency limit: the same bounds as the server queue's.</summary>
    public static void ValidateConcurrency(ConcurrencyLimitConfig? concurrency, string path, ValidationErrors errors)
    {
        if (concurrency is null)
        {
            return;
        }

        if (concurrency.MaxRequests < 1)
        {
            errors.Add($"{path}.maxRequests", $"The concurrency limit must be at least 1; found {concurrency.MaxRequests}. Leave concurrency out for no limit.");
        }

        if (concurrency.MaxQueue is < 0)
        {
            errors.Add($"{path}.maxQueue", $"The queue length must be 0 or more; found {concurrency.MaxQueue}. 0 queues nothing (503 at once when the limit is reached); leave it out for no limit.");
        }

        if (concurrency.QueueTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}.queueTimeout", "The queue timeout must be longer than zero (for example 5s); leave it out for the default of five seconds.");
        }
    }

    /// <summary>A server's own limit, which the cluster's queue is for.</summary>
    public static void ValidateServer(ServerConfig server, string serverPath, ValidationErrors errors)
    {
        if (server.MaxConnections is < 1)
        {
            errors.Add($"{serverPath}.maxConnections", $"The connection limit must be at least 1; found {server.MaxConnections}. Leave it out for no limit (to take a server out of traffic, set its state to drain or its weight to 0).");
        }
    }

    private static void CheckHostHeader(string hostHeader, string path, ValidationErrors errors)
    {
        if (hostHeader is HostHeaderModes.Client or HostHeaderModes.Server)
        {
            return;
        }

        if (!IsHostAndPort(hostHeader))
        {
            errors.Add(path, $"'{hostHeader}' is not a Host value: use client (the client's Host), server (the server address's), or a host name with an optional port, without scheme, path or spaces, e.g. api.internal or api.internal:8080.");
        }
    }

    /// <summary><c>name</c>, <c>name:port</c>, an IPv4 address with an optional port, or <c>[v6]</c> with an optional port.</summary>
    internal static bool IsHostAndPort(string text)
    {
        var host = text;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
            }

            if (Uri.CheckHostName(host) != UriHostNameType.IPv6)
            {
                return false;
            }
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                (host, port) = (text[..colon], text[(colon + 1)..]);
            }

            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return false;
            }
        }

        return port is null || (port.Length > 0 && port.All(char.IsAsciiDigit)
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535);
    }

    private static void CheckRetry(RetryConfig retry, string path, ValidationErrors errors)
    {
        if (retry.Count is < 0 or > RetryConfig.MaxCount)
        {
            errors.Add($"{path}.count", $"The retry count must be from 0 to {RetryConfig.MaxCount}; found {retry.Count}. 0 turns retries off.");
        }

        for (var i = 0; i < retry.OnStatuses.Count; i++)
        {
            var status = retry.OnStatuses[i];
            if (status is < 100 or > 599)
            {
                errors.Add($"{path}.onStatuses[{i}]", $"{status} is not an HTTP status; write statuses from 300 to 599, e.g. 503.");
            }
            else if (status < 300)
            {
                errors.Add($"{path}.onStatuses[{i}]", $"{status} is not a failure: only statuses from 300 to 599 (e.g. 502, 503, 504) can be retried.");
            }
            else if (retry.OnStatuses.Take(i).Contains(status))
            {
                errors.Add($"{path}.onStatuses[{i}]", $"{status} is listed twice.");
            }
        }

        if (retry.BufferLimit is < 0 or > RetryConfig.MaxBufferLimit)
        {
            errors.Add($"{path}.bufferLimit", $"The buffer limit must be from 0 to {RetryConfig.MaxBufferLimit} bytes (16 MiB); found {retry.BufferLimit}. 0 keeps no body: requests with a body are retried only after a failed connect.");
        }

        if (retry.Deadline is { } deadline && deadline <= TimeSpan.Zero)
        {
            errors.Add($"{path}.deadline", "The deadline must be longer than zero (for example 00:00:30); leave it out for no overall limit.");
        }
    }

    private static void CheckPassiveHealth(PassiveHealthConfig health, string path, ValidationErrors errors)
    {
        if (health.ConsecutiveFailures is < 1 or > PassiveHealthConfig.MaxConsecutiveFailures)
        {
            errors.Add($"{path}.consecutiveFailures", $"consecutiveFailures must be from 1 to {PassiveHealthConfig.MaxConsecutiveFailures} failures in a row; found {health.ConsecutiveFailures}.");
        }

        var ejectionValid = health.EjectionTime > TimeSpan.Zero;
        if (!ejectionValid)
        {
            errors.Add($"{path}.ejectionTime", $"The ejection time must be longer than zero (for example 00:00:10); found {health.EjectionTime}. To stop ejecting servers, set enabled to false.");
        }

        if (health.MaxEjectionTime <= TimeSpan.Zero)
        {
            errors.Add($"{path}.maxEjectionTime", $"The longest ejection must be longer than zero (for example 00:05:00); found {health.MaxEjectionTime}.");
        }
        else if (ejectionValid && health.MaxEjectionTime < health.EjectionTime)
        {
            errors.Add($"{path}.maxEjectionTime", $"The longest ejection ({health.MaxEjectionTime}) must not be shorter than the ejection time ({health.EjectionTime}).");
        }
    }
}
