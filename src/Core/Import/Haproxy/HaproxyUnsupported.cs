namespace Gateway.Core.Import.Haproxy;

/// <summary>Why a keyword is not converted, in words a HAProxy user recognises.</summary>
internal static class HaproxyUnsupported
{
    public static string Reason(HaproxyLine line) => line.Keyword switch
    {
        "log" or "log-format" or "log-tag" or "capture" or "unique-id-format" or "unique-id-header" or "error-log-format" =>
            "Logging is configured on the host (ASP.NET Core logging), not in the document.",
        "option" when line.Words.Count > 1 && line.Words[1] is "httplog" or "tcplog" or "dontlognull" or "log-separate-errors" or "dontlog-normal" or "logasap" =>
            "Logging is configured on the host (ASP.NET Core logging), not in the document.",
        "option" when line.Words.Count > 1 && line.Words[1] is "forwardfor" =>
            "The gateway always sends X-Forwarded-For (YARP's forwarded headers); there is nothing to switch on.",
        "option" when line.Words.Count > 1 && line.Words[1] is "http-server-close" or "httpclose" or "http-keep-alive" or "http-pretend-keepalive" or "forceclose" =>
            "Connection reuse is managed by Kestrel and YARP; there is no per-proxy switch.",
        "option" => $"'option {string.Join(' ', line.Words.Skip(1))}' has no equivalent.",
        "errorfile" or "errorfiles" or "http-error" or "errorloc" or "errorloc302" or "errorloc303" =>
            "Custom error pages are not supported; use 'http-request return' or 'deny … string' for the answers rules give.",
        "stats" => "The statistics page is not supported; the admin UI and API show the gateway's status.",
        "stick-table" or "stick" or "track-sc0" or "track-sc1" or "track-sc2" => "Stick tables are not converted yet.",
        "compression" => "Compression is not supported.",
        "timeout" when line.Words.Count == 3 && HaproxyValues.Duration(line.Words[2]) is null =>
            $"'{string.Join(' ', line.Words.Skip(2))}' is not a duration (for example 5s, 250ms, 1m).",
        "timeout" => $"'timeout {line.Words.ElementAtOrDefault(1)}' has no equivalent (converted: connect, server, queue, check, tarpit, http-request, http-keep-alive, client).",
        "tcp-request" => "Only 'tcp-request connection' rules are converted.",
        "http-after-response" => "http-after-response rules are not supported.",
        "description" or "id" or "enabled" or "disabled" => "Descriptive or process setting with no equivalent.",
        "monitor-uri" or "monitor" => "monitor-uri is not supported; a 'http-request return' rule answers such a probe.",
        _ => $"'{line.Keyword}' has no equivalent in the gateway.",
    };
}
