using System.Net.Http;
using System.Net.Sockets;
using Gateway.Backends;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>YARP's forwarding errors in the terms of <see cref="ForwardFailure"/>, with a short reason for logs.</summary>
internal static class ForwarderErrors
{
    /// <param name="clientGone">The client's connection is gone: a relay that failed after the response started is the client's doing.</param>
    public static (ForwardFailure Failure, string Reason) Classify(ForwarderError error, Exception? exception, bool clientGone) => error switch
    {
        ForwarderError.None => (ForwardFailure.None, ""),
        ForwarderError.Request or ForwarderError.RequestCreation => Request(exception),
        ForwarderError.RequestTimedOut => IsConnectTimeout(exception)
            ? (ForwardFailure.ConnectTimeout, "connect timed out")
            : (ForwardFailure.ResponseTimeout, ActivityTimeoutReason),
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient => (ForwardFailure.Client, "the client went away or broke its request"),
        ForwarderError.RequestBodyDestination => (ForwardFailure.NoResponse, "the server broke the connection while receiving the request body"),
        ForwarderError.ResponseHeaders => (ForwardFailure.InvalidResponse, "the server's response headers could not be relayed"),
        ForwarderError.ResponseBodyClient => (ForwardFailure.Client, ClientGoneReason),
        ForwarderError.ResponseBodyCanceled when clientGone => (ForwardFailure.Client, ClientGoneReason),
        _ => (ForwardFailure.Other, $"relaying failed ({error})"),
    };

    /// <summary>A socket error in the words of the failure log; every forwarding path uses these.</summary>
    public static string SocketReason(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "server unreachable",
        SocketError.TimedOut => "connect timed out",
        var code => $"socket error {code}",
    };

    public const string ActivityTimeoutReason = "no response within the cluster's activity timeout";

    public const string ConnectTimeoutReason = "connect timed out";

    public const string ClientGoneReason = "the client went away";

    public const string NoResponseReason = "the server closed the connection without a response";

    private static (ForwardFailure, string) Request(Exception? exception)
    {
        var http = Find<HttpRequestException>(exception);
        var socket = Find<SocketException>(exception);
        var socketReason = socket is null ? null : SocketReason(socket.SocketErrorCode);
        return http?.HttpRequestError switch
        {
            HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
                => (ForwardFailure.ConnectFailed, socketReason ?? $"connect failed ({http.HttpRequestError})"),
            HttpRequestError.ResponseEnded => (ForwardFailure.NoResponse, NoResponseReason),
            HttpRequestError.InvalidResponse => (ForwardFailure.InvalidResponse, "the server sent an invalid response"),
            HttpRequestError.ConfigurationLimitExceeded => (ForwardFailure.InvalidResponse, "the server's response head is too large"),
            _ => (ForwardFailure.NoResponse, socketReason ?? "the request failed before a response"),
        };
    }

    /// <summary>SocketsHttpHandler reports its ConnectTimeout as a cancellation carrying a TimeoutException.</summary>
    private static bool IsConnectTimeout(Exception? exception) => Find<TimeoutException>(exception) is not null;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
