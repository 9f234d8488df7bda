using System.Globalization;
using Gateway.Core.Configuration;

namespace Gateway.Core.Import.Haproxy;

/// <summary>A <c>backend</c> (or the backend half of a <c>listen</c>) as a cluster: servers, balancing, checks, timeouts, retries, stickiness.</summary>
internal static class HaproxyBackendLines
{
    /// <summary>The lines of a listen section that describe its backend half.</summary>
    public static bool IsBackendOnly(HaproxyLine line) => line.Keyword switch
    {
        "server" or "default-server" or "balance" or "cookie" or "retries" or "http-check" or "maxqueue" => true,
        "option" => line.Words.ElementAtOrDefault(1) is "httpchk" or "redispatch" or "http-buffer-request",
        "no" => line.Words.ElementAtOrDefault(2) == "redispatch",
        "timeout" => line.Words.ElementAtOrDefault(1) is "connect" or "server" or "queue" or "check",
        _ => false,
    };

    public static string? Balance(string algorithm) => algorithm switch
    {
        "roundrobin" or "static-rr" => LoadBalancingNames.RoundRobin,
        "leastconn" => LoadBalancingNames.LeastRequests,
        "random" or "random(1)" => LoadBalancingNames.Random,
        "random(2)" => LoadBalancingNames.PowerOfTwoChoices,
        "first" => LoadBalancingNames.First,
        _ => null,
    };

    public static ClusterConfig Read(HaproxySection section, HaproxyDefaults defaults, bool listen, List<HaproxyImportNote> notes, out HaproxyRules rules, HaproxyMaps maps)
    {
        rules = new HaproxyRules(notes, maps, frontend: false);
        var id = HaproxyValues.Id(section.Name ?? "backend");
        var mode = defaults.Mode;
        var balance = defaults.Balance is { } b ? Balance(b)! : LoadBalancingNames.RoundRobin;
        TimeSpan? connect = defaults.Connect, server = defaults.Server, queue = defaults.Queue, checkTimeout = defaults.Check;
        var retry = RetryConfig.Default;
        if (defaults.Retries is { } count)
        {
            retry = retry with { Count = Math.Min(count, RetryConfig.MaxCount) };
        }

        if (defaults.Redispatch is { } redispatch)
        {
            retry = retry with { Redispatch = redispatch };
        }

        string? checkPath = null;
        string? sticky = null;
        var bufferBody = false;
        int? maxQueue = null;
        var defaultServer = new List<string>();
        var serverLines = new List<HaproxyLine>();
        foreach (var line in section.Lines)
        {
            var w = line.Words;
            if (line.Keyword == "mode")
            {
                mode = w.ElementAtOrDefault(1) ?? mode;
                continue;
            }

            if (listen && !IsBackendOnly(line))
            {
                continue; // the listen section's frontend half
            }

            switch (line.Keyword)
            {
                case "server":
                    serverLines.Add(line with { Words = [.. w.Take(3), .. defaultServer, .. w.Skip(3)] });
                    break;
                case "default-server":
                    defaultServer.AddRange(w.Skip(1));
                    break;
                case "balance" when w.Count >= 2 && Balance(w[1]) is { } name:
                    balance = name;
                    break;
                case "option" when w.ElementAtOrDefault(1) == "httpchk":
                    checkPath = w.Skip(2).FirstOrDefault(x => x.StartsWith('/')) ?? "/";
                    if (w.Count > 2 && w[2] is not ("GET" or "HEAD") && !w[2].StartsWith('/'))
                    {
                        notes.Add(new(line.Number, line.Text, $"Checks are sent as GET; the method '{w[2]}' is not kept."));
                    }

                    break;
                case "option" when w.ElementAtOrDefault(1) == "http-buffer-request":
                    bufferBody = true;
                    break;
                case "option" when w.ElementAtOrDefault(1) == "redispatch":
                    retry = retry with { Redispatch = true };
                    break;
                case "no" when w.ElementAtOrDefault(2) == "redispatch":
                    retry = retry with { Redispatch = false };
                    break;
                case "retries" when HaproxyValues.Integer(w.ElementAtOrDefault(1)) is { } n:
                    retry = retry with { Count = Math.Min(n, RetryConfig.MaxCount) };
                    break;
                case "maxqueue" when HaproxyValues.Integer(w.ElementAtOrDefault(1)) is { } n:
                    maxQueue = n;
                    break;
                case "cookie" when w.Count >= 3 && w.Contains("insert"):
                    sticky = w[1];
                    if (w.Skip(2).Any(o => o is not ("insert" or "indirect" or "nocache")))
                    {
                        notes.Add(new(line.Number, line.Text, "Only the cookie's name is kept: the gateway inserts it itself (options such as domain, maxidle or httponly are not converted)."));
                    }

                    break;
                case "timeout" when w.Count == 3 && HaproxyValues.Duration(w[2]) is { } duration && w[1] is "connect" or "server" or "queue" or "check":
                    _ = w[1] switch
                    {
                        "connect" => connect = duration,
                        "server" => server = duration,
                        "queue" => queue = duration,
                        _ => checkTimeout = duration,
                    };
                    break;
                default:
                    if (!rules.TryAdd(line))
                    {
                        notes.Add(new(line.Number, line.Text, line.Keyword == "http-check"
                            ? "Checks pass on a 2xx or 3xx answer; 'http-check' settings are not converted."
                            : HaproxyUnsupported.Reason(line)));
                    }

                    break;
            }
        }

        var tcp = mode == "tcp";
        var servers = new List<ServerConfig>();
        HealthCheckConfig? health = null;
        foreach (var line in serverLines)
        {
            if (Server(line, tcp, notes) is not { } converted)
            {
                continue;
            }

            servers.Add(converted);
            if (line.Words.Contains("check") && health is null)
            {
                health = new HealthCheckConfig
                {
                    Path = tcp ? null : checkPath ?? "/",
                    Interval = line.After("inter") is { } inter && HaproxyValues.Duration(inter) is { } i ? i : HealthCheckConfig.DefaultInterval,
                    Timeout = checkTimeout ?? HealthCheckConfig.DefaultTimeout,
                    Rise = HaproxyValues.Integer(line.After("rise")) ?? HealthCheckConfig.DefaultRise,
                    Fall = HaproxyValues.Integer(line.After("fall")) ?? HealthCheckConfig.DefaultFall,
                };
                if (!tcp && checkPath is null)
                {
                    notes.Add(new(line.Number, line.Text, "HAProxy's plain 'check' only connects; an HTTP cluster here is checked with GET / (add 'option httpchk <path>' to choose the path)."));
                }
            }
        }

        if (health is not null && serverLines.Any(l => !l.Words.Contains("check")))
        {
            notes.Add(new(section.Header.Number, section.Header.Text, "Some servers have 'check' and others not: the gateway checks every server of a cluster."));
        }

        return new ClusterConfig
        {
            Id = id,
            LoadBalancing = balance,
            Servers = servers,
            HealthCheck = health,
            ConnectTimeout = connect,
            ActivityTimeout = server,
            QueueTimeout = queue,
            MaxQueue = maxQueue,
            Retry = retry,
            StickyCookie = sticky,
            BufferRequestBody = bufferBody,
            SendProxy = serverLines.Any(l => l.Words.Contains("send-proxy-v2")) ? SendProxy.V2 : serverLines.Any(l => l.Words.Contains("send-proxy")) ? SendProxy.V1 : SendProxy.None,
        };
    }

    private static readonly HashSet<string> ConvertedFlags = new(StringComparer.Ordinal) { "check", "backup", "send-proxy", "send-proxy-v2", "ssl", "disabled" };
    private static readonly HashSet<string> ConvertedValues = new(StringComparer.Ordinal) { "weight", "inter", "rise", "fall", "maxconn" };

    private static ServerConfig? Server(HaproxyLine line, bool tcp, List<HaproxyImportNote> notes)
    {
        if (line.Words.Count < 3)
        {
            notes.Add(new(line.Number, line.Text, "A server line needs a name and an address."));
            return null;
        }

        var address = line.Words[2];
        var colon = address.LastIndexOf(':');
        var host = colon < 0 ? address : address[..colon];
        var port = colon < 0 ? "" : address[(colon + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            notes.Add(new(line.Number, line.Text, $"'{address}' has no port (HAProxy would use the client's destination port): the server was not converted."));
            return null;
        }

        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        var unknown = new List<string>();
        for (var i = 3; i < line.Words.Count; i++)
        {
            if (ConvertedValues.Contains(line.Words[i]))
            {
                i++;
            }
            else if (!ConvertedFlags.Contains(line.Words[i]))
            {
                unknown.Add(line.Words[i]);
            }
        }

        if (unknown.Count > 0)
        {
            notes.Add(new(line.Number, line.Text, $"Server options not converted: {string.Join(' ', unknown)} (converted: weight, backup, check, inter, rise, fall, maxconn, send-proxy, send-proxy-v2, ssl, disabled)."));
        }

        var scheme = tcp ? "tcp" : line.Words.Contains("ssl") ? "https" : "http";
        return new ServerConfig
        {
            Id = HaproxyValues.Id(line.Words[1]),
            Address = $"{scheme}://{host}:{port}" + (tcp ? "" : "/"),
            Weight = Math.Clamp(HaproxyValues.Integer(line.After("weight")) ?? ServerConfig.DefaultWeight, 0, ServerConfig.MaxWeight),
            Backup = line.Words.Contains("backup"),
            MaxConnections = HaproxyValues.Integer(line.After("maxconn")),
            State = line.Words.Contains("disabled") ? ServerState.Maintenance : ServerState.Ready,
        };
    }
}
