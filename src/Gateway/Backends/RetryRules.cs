using Gateway.Core.Configuration;

namespace Gateway.Backends;

/// <summary>
/// Whether a failed try may be sent again (HAProxy's <c>retries</c> and <c>retry-on</c>). Free of
/// any HTTP stack so that every forwarding path decides the same way.
/// </summary>
internal static class RetryRules
{
    /// <summary>Methods whose repetition has the effect of one request (RFC 9110, 9.2.2).</summary>
    public static bool IsIdempotent(string method) =>
        method.Length switch
        {
            3 => method.Equals("GET", StringComparison.OrdinalIgnoreCase) || method.Equals("PUT", StringComparison.OrdinalIgnoreCase),
            4 => method.Equals("HEAD", StringComparison.OrdinalIgnoreCase),
            5 => method.Equals("TRACE", StringComparison.OrdinalIgnoreCase),
            6 => method.Equals("DELETE", StringComparison.OrdinalIgnoreCase),
            7 => method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <summary>
    /// Whether a request that may have reached a server whole (it got no answer) may be sent again: idempotent methods,
    /// or any with <see cref="RetryConfig.NonIdempotent"/>. A forwarding path asks this too before it sends a request
    /// again on a new connection after a reused one failed, so that a POST is never replayed behind the retry rules' back.
    /// </summary>
    public static bool MaySendAgain(RetryConfig retry, string method) => retry.NonIdempotent || IsIdempotent(method);

    /// <param name="retriesSoFar">Tries already repeated for this request (0 after the first try).</param>
    /// <param name="bodyReplayable">The request has no body, or its body was kept and can be read again.</param>
    public static bool MayRetry(RetryConfig retry, AttemptResult result, string method, bool bodyReplayable, int retriesSoFar)
    {
        if (retriesSoFar >= retry.Count || result.ResponseStarted)
        {
            return false;
        }

        return result.Failure switch
        {
            // Nothing reached a server and the body was not read: safe for any method.
            ForwardFailure.ConnectFailed or ForwardFailure.ConnectTimeout => true,
            ForwardFailure.NoResponse or ForwardFailure.ResponseTimeout => bodyReplayable && MaySendAgain(retry, method),
            ForwardFailure.None => IsRetryStatus(retry, result.Status) && bodyReplayable && IsIdempotent(method),
            _ => false,
        };
    }

    /// <summary>Whether a server's answer of <paramref name="status"/> is one to retry (<see cref="RetryConfig.OnStatuses"/>).</summary>
    public static bool IsRetryStatus(RetryConfig retry, int status)
    {
        foreach (var candidate in retry.OnStatuses)
        {
            if (candidate == status)
            {
                return true;
            }
        }

        return false;
    }
}
