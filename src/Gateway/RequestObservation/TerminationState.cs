using Gateway.Backends;
using Gateway.Queues;

namespace Gateway.RequestObservation;

/// <summary>
/// HAProxy's two-letter termination state. First letter, who ended the exchange: <c>-</c> it ended
/// normally, <c>C</c> the client went away, <c>S</c> a server failed (refused, reset, answered
/// nothing), <c>s</c> a server timed out, <c>P</c> the gateway itself answered (a rule, no route,
/// a full queue, a server's response it refused as invalid). Second letter, the phase: <c>R</c> the request (rules), <c>Q</c> the queue,
/// <c>C</c> connecting to a server, <c>H</c> waiting for its response headers, <c>D</c> relaying
/// data, <c>T</c> a tarpit, <c>-</c> normal end.
/// </summary>
internal static class TerminationState
{
    public static string For(ForwardSummary? forward, string? ruleAnswer, bool clientAborted, bool responseStarted)
    {
        if (forward is null)
        {
            return ruleAnswer switch
            {
                "tarpit" => "PT",
                not null => "PR",
                _ => clientAborted ? "CR" : "--",
            };
        }

        if (forward.ClientAborted)
        {
            return "CQ";
        }

        if (forward.Unavailable is not null)
        {
            return forward.QueueRefusal switch
            {
                QueueRefusal.Full => "PQ",
                QueueRefusal.TimedOut => "sQ",
                _ => "SC",
            };
        }

        return forward.Last.Failure switch
        {
            ForwardFailure.ConnectFailed => "SC",
            ForwardFailure.ConnectTimeout => "sC",
            ForwardFailure.NoResponse => "SH",
            ForwardFailure.ResponseTimeout => "sH",
            ForwardFailure.InvalidResponse => "PH",
            ForwardFailure.Client => responseStarted ? "CD" : "CH",
            ForwardFailure.Other => "SD",
            _ => clientAborted ? "CD" : "--",
        };
    }
}
