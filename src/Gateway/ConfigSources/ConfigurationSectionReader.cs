using System.Globalization;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Gateway.ConfigSources;

/// <summary>
/// Reads the <c>Gateway</c> section of ASP.NET Core configuration into a <see cref="GatewayConfig"/>.
/// Entities are keyed by id (<c>Gateway:Routes:api:Cluster</c>) so environment variables and
/// command-line arguments can override one field of one entity. Unknown keys and unreadable
/// values are reported with their path rather than ignored, because a typo that is silently
/// dropped changes what the proxy does.
/// </summary>
internal static partial class ConfigurationSectionReader
{
    /// <summary>Sections of <c>Gateway</c> that configure the host, not the document.</summary>
    private static readonly string[] HostSettings = ["Admin", "Database", "AccessLog", "Telemetry", "Node", "Redis", "Runtime"];

    /// <summary>Entities of the design that later work adds; named so the error can say so.</summary>
    private static readonly string[] NotYetSupported = ["RateLimits"];

    /// <param name="section">The <c>Gateway</c> section.</param>
    /// <param name="baseDirectory">Where relative file paths (certificate files) start; the current directory when null.</param>
    public static (GatewayConfig? Config, IReadOnlyList<ValidationError> Errors) Read(IConfigurationSection section, string? baseDirectory = null)
    {
        baseDirectory ??= Directory.GetCurrentDirectory();
        var errors = new List<ValidationError>();
        var reader = new SectionReader(errors);
        reader.CheckKeys(section, "", ["Listeners", "Routes", "Clusters", "Maps", "Certificates", "StickTables", .. HostSettings], NotYetSupported);

        var config = new GatewayConfig
        {
            Listeners = [.. section.GetSection("Listeners").GetChildren().Select(s => ReadListener(s, reader))],
            Routes = [.. section.GetSection("Routes").GetChildren().Select(s => ReadRoute(s, reader))],
            Clusters = [.. section.GetSection("Clusters").GetChildren().Select(s => ReadCluster(s, reader))],
            Maps = [.. section.GetSection("Maps").GetChildren().Select(s => ReadMap(s, reader))],
            Certificates = [.. section.GetSection("Certificates").GetChildren().Select(s => ReadCertificate(s, baseDirectory, reader))],
            StickTables = [.. section.GetSection("StickTables").GetChildren().Select(s => ReadStickTable(s, reader))],
        };
        return errors.Count == 0 ? (config, errors) : (null, errors);
    }

    private static ListenerConfig ReadListener(IConfigurationSection s, SectionReader reader)
    {
        var path = $"listeners[{s.Key}]";
        reader.CheckKeys(s, path, ["Address", "Protocols", "Certificates", "StrictSni", "AcceptProxy", "MaxConnections", "TarpitTimeout", "Rules", "Mode", "DefaultCluster", "IdleTimeout", "ErrorPages", "RequestHeaderTimeout", "MinRequestBodyRate", "Http1Core"]);
        return new ListenerConfig
        {
            Id = s.Key,
            Address = s["Address"] ?? "",
            Protocols = ReadProtocols(s.GetSection("Protocols"), $"{path}.protocols", reader),
            Certificates = SectionReader.ReadList(s.GetSection("Certificates")),
            StrictSni = reader.ReadBool(s, "StrictSni", $"{path}.strictSni") ?? false,
            AcceptProxy = reader.ReadBool(s, "AcceptProxy", $"{path}.acceptProxy") ?? false,
            MaxConnections = reader.ReadInt(s, "MaxConnections", $"{path}.maxConnections"),
            TarpitTimeout = reader.ReadTimeSpan(s, "TarpitTimeout", $"{path}.tarpitTimeout"),
            Rules = reader.ReadRules(s.GetSection("Rules"), $"{path}.rules"),
            Mode = ReadMode(s["Mode"], $"{path}.mode", reader),
            DefaultCluster = s["DefaultCluster"],
            IdleTimeout = reader.ReadTimeSpan(s, "IdleTimeout", $"{path}.idleTimeout"),
            ErrorPages = ReadErrorPages(s.GetSection("ErrorPages"), $"{path}.errorPages", reader),
            RequestHeaderTimeout = reader.ReadTimeSpan(s, "RequestHeaderTimeout", $"{path}.requestHeaderTimeout"),
            MinRequestBodyRate = reader.ReadInt(s, "MinRequestBodyRate", $"{path}.minRequestBodyRate"),
            Http1Core = reader.ReadBool(s, "Http1Core", $"{path}.http1Core"),
        };
    }

    /// <summary><c>"ErrorPages": { "403": { "Body": "…", "ContentType": "text/html" } }</c>: keyed by status.</summary>
    private static ErrorPageConfig[] ReadErrorPages(IConfigurationSection section, string path, SectionReader reader) =>
        [.. section.GetChildren().Select(page => new ErrorPageConfig(
            int.TryParse(page.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                ? status
                : reader.Fail($"{path}[{page.Key}]", $"'{page.Key}' is not a status; error pages are keyed by status, e.g. \"403\".", 0),
            page["Body"] ?? "",
            page["ContentType"]))];

    private static ListenerMode ReadMode(string? mode, string path, SectionReader reader) => mode?.ToLowerInvariant() switch
    {
        null or "http" => ListenerMode.Http,
        "tcp" => ListenerMode.Tcp,
        _ => reader.Fail(path, $"'{mode}' is not a listener mode; use http or tcp.", ListenerMode.Http),
    };

    private static SendProxy ReadSendProxy(string? version, string path, SectionReader reader) => version?.ToLowerInvariant() switch
    {
        null or "none" => SendProxy.None,
        "v1" or "send-proxy" => SendProxy.V1,
        "v2" or "send-proxy-v2" => SendProxy.V2,
        _ => reader.Fail(path, $"'{version}' is not a PROXY protocol version; use v1 or v2.", SendProxy.None),
    };

    private static ListenerProtocols ReadProtocols(IConfigurationSection s, string path, SectionReader reader)
    {
        var names = SectionReader.ReadList(s);
        if (names.Length == 0)
        {
            return ListenerProtocols.Http1;
        }

        var protocols = ListenerProtocols.None;
        foreach (var name in names)
        {
            protocols |= name.ToLowerInvariant() switch
            {
                "http1" or "http/1.1" => ListenerProtocols.Http1,
                "http2" or "h2" or "h2c" => ListenerProtocols.Http2,
                "http3" or "h3" => ListenerProtocols.Http3,
                _ => reader.Fail(path, $"'{name}' is not a protocol; use http1, http2 and/or http3.", ListenerProtocols.None),
            };
        }

        return protocols;
    }

    private static RouteConfig ReadRoute(IConfigurationSection s, SectionReader reader)
    {
        var path = $"routes[{s.Key}]";
        reader.CheckKeys(s, path, ["Listeners", "Hosts", "Path", "Methods", "Order", "Cluster", "Rules", "Concurrency"]);
        return new RouteConfig
        {
            Id = s.Key,
            Listeners = SectionReader.ReadList(s.GetSection("Listeners")),
            Hosts = SectionReader.ReadList(s.GetSection("Hosts")),
            Path = s["Path"],
            Methods = SectionReader.ReadList(s.GetSection("Methods")),
            Order = reader.ReadInt(s, "Order", $"{path}.order"),
            Cluster = s["Cluster"] ?? "",
            Rules = reader.ReadRules(s.GetSection("Rules"), $"{path}.rules"),
            Concurrency = ReadConcurrency(s.GetSection("Concurrency"), $"{path}.concurrency", reader),
        };
    }

    /// <summary>A route's or cluster's <c>Concurrency</c> section; null when there is none.</summary>
    private static ConcurrencyLimitConfig? ReadConcurrency(IConfigurationSection s, string path, SectionReader reader)
    {
        if (!s.Exists())
        {
            return null;
        }

        reader.CheckKeys(s, path, ["MaxRequests", "MaxQueue", "QueueTimeout"]);
        return new ConcurrencyLimitConfig
        {
            MaxRequests = reader.ReadInt(s, "MaxRequests", $"{path}.maxRequests") ?? reader.Fail($"{path}.maxRequests", "A concurrency limit needs MaxRequests, the number of requests allowed through at once.", 0),
            MaxQueue = reader.ReadInt(s, "MaxQueue", $"{path}.maxQueue"),
            QueueTimeout = reader.ReadTimeSpan(s, "QueueTimeout", $"{path}.queueTimeout"),
        };
    }

    private static ClusterConfig ReadCluster(IConfigurationSection s, SectionReader reader)
    {
        var path = $"clusters[{s.Key}]";
        reader.CheckKeys(s, path, ["LoadBalancing", "Servers", "ActivityTimeout", "MaxConnectionsPerServer", "HealthCheck", "Rules", "ConnectTimeout", "SendProxy",
            "HostHeader", "Retry", "PassiveHealth", "StickyCookie", "MaxQueue", "QueueTimeout", "BufferRequestBody", "Concurrency", "HttpReuse"]);
        return new ClusterConfig
        {
            Id = s.Key,
            LoadBalancing = s["LoadBalancing"] ?? LoadBalancingNames.RoundRobin,
            Servers = [.. s.GetSection("Servers").GetChildren().Select(server => ReadServer(server, path, reader))],
            ActivityTimeout = reader.ReadTimeSpan(s, "ActivityTimeout", $"{path}.activityTimeout"),
            MaxConnectionsPerServer = reader.ReadInt(s, "MaxConnectionsPerServer", $"{path}.maxConnectionsPerServer"),
            HealthCheck = ReadHealthCheck(s.GetSection("HealthCheck"), $"{path}.healthCheck", reader),
            Rules = reader.ReadRules(s.GetSection("Rules"), $"{path}.rules"),
            ConnectTimeout = reader.ReadTimeSpan(s, "ConnectTimeout", $"{path}.connectTimeout"),
            SendProxy = ReadSendProxy(s["SendProxy"], $"{path}.sendProxy", reader),
            HostHeader = s["HostHeader"] ?? HostHeaderModes.Client,
            Retry = ReadRetry(s.GetSection("Retry"), $"{path}.retry", reader),
            PassiveHealth = ReadPassiveHealth(s.GetSection("PassiveHealth"), $"{path}.passiveHealth", reader),
            StickyCookie = s["StickyCookie"],
            MaxQueue = reader.ReadInt(s, "MaxQueue", $"{path}.maxQueue"),
            QueueTimeout = reader.ReadTimeSpan(s, "QueueTimeout", $"{path}.queueTimeout"),
            BufferRequestBody = reader.ReadBool(s, "BufferRequestBody", $"{path}.bufferRequestBody") ?? false,
            Concurrency = ReadConcurrency(s.GetSection("Concurrency"), $"{path}.concurrency", reader),
            HttpReuse = s["HttpReuse"] ?? HttpReuseModes.Safe,
        };
    }

    private static ServerConfig ReadServer(IConfigurationSection s, string clusterPath, SectionReader reader)
    {
        var path = $"{clusterPath}.servers[{s.Key}]";
        reader.CheckKeys(s, path, ["Address", "State", "Weight", "Backup", "MaxConnections"]);
        var state = s["State"];
        return new ServerConfig
        {
            Id = s.Key,
            Address = s["Address"] ?? "",
            State = state is null ? ServerState.Ready
                : Enum.TryParse<ServerState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(state[0]) ? parsed
                : reader.Fail($"{path}.state", $"'{state}' is not a server state; use ready, drain or maintenance.", ServerState.Ready),
            Weight = reader.ReadInt(s, "Weight", $"{path}.weight") ?? ServerConfig.DefaultWeight,
            Backup = reader.ReadBool(s, "Backup", $"{path}.backup") ?? false,
            MaxConnections = reader.ReadInt(s, "MaxConnections", $"{path}.maxConnections"),
        };
    }

    private sealed class SectionReader(List<ValidationError> errors)
    {
        public T Fail<T>(string path, string message, T fallback)
        {
            errors.Add(new(path, message));
            return fallback;
        }

        public void CheckKeys(IConfigurationSection section, string path, string[] known, string[]? later = null)
        {
            foreach (var child in section.GetChildren())
            {
                if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                var childPath = path.Length == 0 ? ToCamel(child.Key) : $"{path}.{ToCamel(child.Key)}";
                errors.Add(later is not null && later.Contains(child.Key, StringComparer.OrdinalIgnoreCase)
                    ? new(childPath, $"'{child.Key}' is not supported yet; remove it from the Gateway section.")
                    : new(childPath, $"Unknown setting '{child.Key}'; expected one of: {string.Join(", ", known)}."));
            }
        }

        /// <summary>A list written as a JSON array, or as a single comma-separated string.</summary>
        public static string[] ReadList(IConfigurationSection section)
        {
            if (section.Value is { } single)
            {
                return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }

            return [.. section.GetChildren().Select(c => c.Value).OfType<string>()];
        }

        /// <summary>
        /// Rules as one string, or as an array of strings, one rule per line, which reads better in
        /// JSON than a string full of <c>\n</c>. Stored as <see cref="RulesText"/> normalizes it.
        /// </summary>
        public string? ReadRules(IConfigurationSection section, string path)
        {
            if (section.Value is { } text)
            {
                return RulesText.Normalize(text);
            }

            var lines = new List<string>();
            foreach (var line in section.GetChildren())
            {
                if (line.Value is null || !IsIndex(line.Key))
                {
                    errors.Add(new($"{path}[{line.Key}]", "Rules are a string, or an array of strings with one rule per line."));
                    continue;
                }

                lines.Add(line.Value);
            }

            return RulesText.Normalize(string.Join('\n', lines));
        }

        /// <summary>True for the keys configuration gives the items of an array: 0, 1, 2, …</summary>
        public static bool IsIndex(string key) => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _);

        public bool? ReadBool(IConfigurationSection section, string key, string path)
        {
            var text = section[key];
            if (text is null)
            {
                return null;
            }

            return bool.TryParse(text, out var value) ? value : Fail<bool?>(path, $"'{text}' is not true or false.", null);
        }

        public int? ReadInt(IConfigurationSection section, string key, string path)
        {
            var text = section[key];
            if (text is null)
            {
                return null;
            }

            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : Fail<int?>(path, $"'{text}' is not a whole number.", null);
        }

        /// <summary>A duration in the one grammar of <see cref="DurationText"/> (a number is seconds).</summary>
        public TimeSpan? ReadTimeSpan(IConfigurationSection section, string key, string path)
        {
            var text = section[key];
            if (text is null)
            {
                return null;
            }

            return DurationText.TryParse(text, out var value, out var error) ? value : Fail<TimeSpan?>(path, error, null);
        }

        private static string ToCamel(string key) => key.Length == 0 ? key : char.ToLowerInvariant(key[0]) + key[1..];
    }
}
