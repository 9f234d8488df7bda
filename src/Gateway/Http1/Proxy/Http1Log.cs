using Microsoft.Extensions.Logging;

namespace Gateway.Http1.Proxy;

/// <summary>The HTTP/1.1 core's log lines.</summary>
internal static partial class Http1Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Listener {Listener} answered {Status} to a malformed request from {Client}: {Reason} ({Suppressed} more such request(s) not logged in the last 10 s).")]
    public static partial void MalformedRequest(ILogger logger, string listener, string client, int status, string reason, int suppressed);
}
