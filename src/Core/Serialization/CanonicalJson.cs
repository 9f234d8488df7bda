using System.Text.Json;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Serialization;

/// <summary>
/// The canonical text of a document: entities sorted by id, fields in a fixed order, empty
/// optional fields left out, two-space indentation, <c>\n</c> line ends. The same document
/// always gives the same bytes, so revisions can be compared as text and an exported document
/// imports and exports again to identical bytes. Map entries are the exception to sorting: they
/// keep their order, which lookups depend on. Rules texts are written and read in the form
/// <see cref="RulesText.Normalize"/> gives them.
/// </summary>
public static class CanonicalJson
{
    // Rules text is full of quotes, '<', '>', '&' and '+'; the default encoder would write them as
    // \u0022-style escapes. Documents are served as application/json, never embedded in HTML, so
    // only what JSON itself requires is escaped.
    private static readonly DocumentJsonContext Writer = new(new JsonSerializerOptions(DocumentJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return JsonSerializer.Serialize(ToWire(config), Writer.DocumentJson) + "\n";
    }

    /// <summary>Parses a document. Unknown fields, wrong types and unknown values are errors, reported with their JSON path.</summary>
    public static bool TryParse(string json, out GatewayConfig? config, out IReadOnlyList<ValidationError> errors)
    {
        config = null;
        DocumentJson? model;
        try
        {
            model = JsonSerializer.Deserialize(json, DocumentJsonContext.Default.DocumentJson);
        }
        catch (JsonException ex)
        {
            errors = [new(ex.Path ?? "$", DescribeJsonError(ex))];
            return false;
        }

        if (model is null)
        {
            errors = [new("$", "The document is empty; expected an object with listeners, routes, clusters, maps and certificates.")];
            return false;
        }

        var problems = new List<ValidationError>();
        config = FromWire(model, problems);
        errors = problems;
        if (problems.Count > 0)
        {
            config = null;
            return false;
        }

        return true;
    }

    internal static DocumentJson ToWire(GatewayConfig config) => new(
        Sorted(config.Listeners, l => l.Id).Select(ToWire).ToList().NullIfEmpty(),
        Sorted(config.Routes, r => r.Id).Select(ToWire).ToList().NullIfEmpty(),
        Sorted(config.Clusters, c => c.Id).Select(ToWire).ToList().NullIfEmpty(),
        Sorted(config.Maps, m => m.Id).Select(ToWire).ToList().NullIfEmpty(),
        Sorted(config.Certificates, c => c.Id).Select(ToWire).ToList().NullIfEmpty(),
        Sorted(config.StickTables, t => t.Id).Select(ToWire).ToList().NullIfEmpty());

    /// <summary>A listener in its canonical JSON shape, as the admin API serves single entities.</summary>
    public static ListenerJson ToWire(ListenerConfig l) => new(
        l.Id,
        l.Address,
        ProtocolNames(l.Protocols),
        Certificates: l.Certificates.ToList().NullIfEmpty(),
        StrictSni: l.StrictSni ? true : null,
        AcceptProxy: l.AcceptProxy ? true : null,
        MaxConnections: l.MaxConnections,
        TarpitTimeout: Duration(l.TarpitTimeout),
        Rules: RulesText.Normalize(l.Rules),
        Mode: l.Mode == ListenerMode.Http ? null : l.Mode.ToString().ToLowerInvariant(),
        DefaultCluster: l.DefaultCluster,
        IdleTimeout: Duration(l.IdleTimeout),
        ErrorPages: l.ErrorPages.OrderBy(p => p.Status).Select(p => new ErrorPageJson(p.Status, p.Body, p.ContentType)).ToList().NullIfEmpty(),

        RequestHeaderTimeout: Duration(l.RequestHeaderTimeout),
        MinRequestBodyRate: l.MinRequestBodyRate,
        Http1Core: l.Http1Core);

    /// <summary>A certificate without its key, whatever the entity holds: documents never carry keys.</summary>
    internal static CertificateJson ToWire(CertificateConfig c) => new(c.Id, c.Certificate, CertificatePem.Thumbprint(c.Certificate));

    /// <summary>A route in its canonical JSON shape.</summary>
    public static RouteJson ToWire(RouteConfig r) => new(
        r.Id, r.Cluster, r.Listeners.ToList().NullIfEmpty(), r.Hosts.ToList().NullIfEmpty(), r.Path, r.Methods.ToList().NullIfEmpty(), r.Order, RulesText.Normalize(r.Rules), ToWire(r.Concurrency));

    /// <summary>A concurrency limit in its canonical JSON shape; null for none.</summary>
    public static ConcurrencyJson? ToWire(ConcurrencyLimitConfig? c) => c is null ? null : new(c.MaxRequests, c.MaxQueue, Duration(c.QueueTimeout));

    /// <summary>Reads a concurrency limit; a timeout that cannot be read is added to <paramref name="errors"/>.</summary>
    public static ConcurrencyLimitConfig? FromWire(ConcurrencyJson? c, string path, List<ValidationError> errors) => c is null ? null : new()
    {
        MaxRequests = c.MaxRequests,
        MaxQueue = c.MaxQueue,
        QueueTimeout = ParseTimeout(c.QueueTimeout, $"{path}.queueTimeout", errors),
    };

    /// <summary>A cluster, with its servers and health check, in its canonical JSON shape.</summary>
    public static ClusterJson ToWire(ClusterConfig c) => new(
        c.Id,
        c.LoadBalancing,
        Duration(c.ActivityTimeout),
        c.MaxConnectionsPerServer,
        HealthChecks.ToWire(c.HealthCheck),
        Sorted(c.Servers, s => s.Id).Select(ToWire).ToList().NullIfEmpty(),
        RulesText.Normalize(c.Rules),
        Duration(c.ConnectTimeout),
        c.SendProxy == Configuration.SendProxy.None ? null : c.SendProxy.ToString().ToLowerInvariant(),
        c.HostHeader == HostHeaderModes.Client ? null : c.HostHeader,
        FailurePolicies.ToWire(c.Retry),
        FailurePolicies.ToWire(c.PassiveHealth),
        c.StickyCookie,
        c.MaxQueue,
        Duration(c.QueueTimeout),
        c.BufferRequestBody ? true : null,
        ToWire(c.Concurrency),
        c.HttpReuse == HttpReuseModes.Safe ? null : c.HttpReuse);

    /// <summary>A map in its canonical JSON shape; entries keep their order.</summary>
    public static MapJson ToWire(MapConfig m) => new(m.Id, m.Entries.Select(e => new MapEntryJson(e.Key, e.Value)).ToList().NullIfEmpty());

    private static GatewayConfig FromWire(DocumentJson model, List<ValidationError> errors) => new()
    {
        Listeners = [.. (model.Listeners ?? []).Select((l, i) => FromWire(l, $"$.listeners[{i}]", errors))],
        Routes = [.. (model.Routes ?? []).Select((r, i) => FromWire(r, $"$.routes[{i}]", errors))],
        Clusters = [.. (model.Clusters ?? []).Select((c, i) => FromWire(c, $"$.clusters[{i}]", errors))],
        Maps = [.. (model.Maps ?? []).Select(FromWire)],
        Certificates = [.. (model.Certificates ?? []).Select((c, i) => FromWire(c, $"$.certificates[{i}]", errors))],
        StickTables = [.. (model.StickTables ?? []).Select((t, i) => FromWire(t, $"$.stickTables[{i}]", errors))],
    };

    /// <summary>A stick table in its canonical JSON shape.</summary>
    public static StickTableJson ToWire(StickTableConfig t) => StickTablesJson.ToWire(t);

    /// <summary>Reads a stick table; a type or expiry that cannot be read is added to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static StickTableConfig FromWire(StickTableJson t, string path, List<ValidationError> errors) => StickTablesJson.FromWire(t, path, errors);

    /// <summary>One server in its canonical JSON shape.</summary>
    public static ServerJson ToWire(ServerConfig s) =>
        new(s.Id, s.Address, StateName(s.State), s.Weight == ServerConfig.DefaultWeight ? null : s.Weight, s.Backup ? true : null, s.MaxConnections);

    // One entity at a time, for the admin API's resources; path is where the entity sits in the JSON it came from.
    /// <summary>Reads a listener; values that cannot be read (addresses, modes, durations) are added to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static ListenerConfig FromWire(ListenerJson l, string path, List<ValidationError> errors) => new()
    {
        Id = l.Id,
        Address = l.Address,
        Protocols = ParseProtocols(l.Protocols, $"{path}.protocols", errors),
        Certificates = l.Certificates ?? [],
        StrictSni = l.StrictSni ?? false,
        AcceptProxy = l.AcceptProxy ?? false,
        MaxConnections = l.MaxConnections,
        TarpitTimeout = ParseTimeout(l.TarpitTimeout, $"{path}.tarpitTimeout", errors),
        Rules = RulesText.Normalize(l.Rules),
        Mode = l.Mode switch
        {
            null or "http" => ListenerMode.Http,
            "tcp" => ListenerMode.Tcp,
            _ => Fail(errors, $"{path}.mode", $"'{l.Mode}' is not a listener mode; use http or tcp.", ListenerMode.Http),
        },
        DefaultCluster = l.DefaultCluster,
        IdleTimeout = ParseTimeout(l.IdleTimeout, $"{path}.idleTimeout", errors),
        ErrorPages = [.. (l.ErrorPages ?? []).Select(p => new ErrorPageConfig(p.Status, p.Body, p.ContentType))],
        RequestHeaderTimeout = ParseTimeout(l.RequestHeaderTimeout, $"{path}.requestHeaderTimeout", errors),
        MinRequestBodyRate = l.MinRequestBodyRate,
        Http1Core = l.Http1Core,
    };

    /// <summary>Reads a route; every field is taken as written and checked later by <see cref="Validation.ConfigValidator"/>.</summary>
    public static RouteConfig FromWire(RouteJson r) => FromWire(r, $"routes[{r.Id}]", []);

    /// <summary>Reads a route; a concurrency timeout that cannot be read is added to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static RouteConfig FromWire(RouteJson r, string path, List<ValidationError> errors) => new()
    {
        Id = r.Id,
        Listeners = r.Listeners ?? [],
        Hosts = r.Hosts ?? [],
        Path = r.Path,
        Methods = r.Methods ?? [],
        Order = r.Order,
        Cluster = r.Cluster,
        Rules = RulesText.Normalize(r.Rules),
        Concurrency = FromWire(r.Concurrency, $"{path}.concurrency", errors),
    };

    /// <summary>Reads a cluster; values that cannot be read are added to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static ClusterConfig FromWire(ClusterJson c, string path, List<ValidationError> errors) => new()
    {
        Id = c.Id,
        LoadBalancing = c.LoadBalancing ?? LoadBalancingNames.RoundRobin,
        ActivityTimeout = ParseTimeout(c.ActivityTimeout, $"{path}.activityTimeout", errors),
        MaxConnectionsPerServer = c.MaxConnectionsPerServer,
        HealthCheck = HealthChecks.FromWire(c.HealthCheck, $"{path}.healthCheck", errors),
        Servers = [.. (c.Servers ?? []).Select((s, j) => FromWire(s, $"{path}.servers[{j}]", errors))],
        Rules = RulesText.Normalize(c.Rules),
        ConnectTimeout = ParseTimeout(c.ConnectTimeout, $"{path}.connectTimeout", errors),
        SendProxy = c.SendProxy switch
        {
            null => Configuration.SendProxy.None,
            "v1" => Configuration.SendProxy.V1,
            "v2" => Configuration.SendProxy.V2,
            _ => Fail(errors, $"{path}.sendProxy", $"'{c.SendProxy}' is not a PROXY protocol version; use v1 or v2, or leave sendProxy out.", Configuration.SendProxy.None),
        },
        HostHeader = c.HostHeader ?? HostHeaderModes.Client,
        Retry = FailurePolicies.FromWire(c.Retry, $"{path}.retry", errors),
        PassiveHealth = FailurePolicies.FromWire(c.PassiveHealth, $"{path}.passiveHealth", errors),
        StickyCookie = c.StickyCookie,
        MaxQueue = c.MaxQueue,
        QueueTimeout = ParseTimeout(c.QueueTimeout, $"{path}.queueTimeout", errors),
        BufferRequestBody = c.BufferRequestBody ?? false,
        Concurrency = FromWire(c.Concurrency, $"{path}.concurrency", errors),
        HttpReuse = c.HttpReuse ?? HttpReuseModes.Safe,
    };

    /// <summary>Reads one server; values that cannot be read are added to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static ServerConfig FromWire(ServerJson s, string path, List<ValidationError> errors) => new()
    {
        Id = s.Id,
        Address = s.Address,
        State = ParseState(s.State, $"{path}.state", errors),
        Weight = s.Weight ?? ServerConfig.DefaultWeight,
        Backup = s.Backup ?? false,
        MaxConnections = s.MaxConnections,
    };

    /// <summary>Reads a map.</summary>
    public static MapConfig FromWire(MapJson m) => new()
    {
        Id = m.Id,
        Entries = [.. (m.Entries ?? []).Select(e => new MapEntry(e.Key, e.Value))],
    };

    /// <summary>A thumbprint, when given, must be the certificate's: it is what the key is found by.</summary>
    internal static CertificateConfig FromWire(CertificateJson c, string path, List<ValidationError> errors)
    {
        if (c.Thumbprint is { } given && CertificatePem.Thumbprint(c.Certificate) is { } actual && !given.Equals(actual, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new($"{path}.thumbprint", $"The thumbprint '{given}' is not the certificate's ({actual}); leave it out, it is computed from the certificate."));
        }

        return new() { Id = c.Id, Certificate = c.Certificate, Key = string.IsNullOrWhiteSpace(c.Key) ? null : c.Key };
    }

    private static List<string> ProtocolNames(ListenerProtocols protocols)
    {
        var names = new List<string>(3);
        if (protocols.HasFlag(ListenerProtocols.Http1))
        {
            names.Add("http1");
        }

        if (protocols.HasFlag(ListenerProtocols.Http2))
        {
            names.Add("http2");
        }

        if (protocols.HasFlag(ListenerProtocols.Http3))
        {
            names.Add("http3");
        }

        return names;
    }

    private static ListenerProtocols ParseProtocols(List<string>? names, string path, List<ValidationError> errors)
    {
        if (names is null)
        {
            return ListenerProtocols.Http1;
        }

        var protocols = ListenerProtocols.None;
        foreach (var name in names)
        {
            switch (name)
            {
                case "http1":
                    protocols |= ListenerProtocols.Http1;
                    break;
                case "http2":
                    protocols |= ListenerProtocols.Http2;
                    break;
                case "http3":
                    protocols |= ListenerProtocols.Http3;
                    break;
                default:
                    errors.Add(new(path, $"'{name}' is not a protocol; use http1, http2 or http3."));
                    break;
            }
        }

        return protocols;
    }

    private static string? StateName(ServerState state) => state == ServerState.Ready ? null : state.ToString().ToLowerInvariant();

    private static ServerState ParseState(string? state, string path, List<ValidationError> errors) => state switch
    {
        null or "ready" => ServerState.Ready,
        "drain" => ServerState.Drain,
        "maintenance" => ServerState.Maintenance,
        _ => Fail(errors, path, $"'{state}' is not a server state; use ready, drain or maintenance.", ServerState.Ready),
    };

    /// <summary>A duration in its canonical text (<see cref="DurationText.Format"/>); null stays null.</summary>
    internal static string? Duration(TimeSpan? value) => value is { } duration ? DurationText.Format(duration) : null;

    /// <summary>
    /// Reads a duration field of the JSON contract in the one grammar of <see cref="DurationText"/>; a value that
    /// cannot be read is added to <paramref name="errors"/> under <paramref name="path"/>. New duration fields use this.
    /// </summary>
    internal static TimeSpan? ParseTimeout(string? text, string path, List<ValidationError> errors) =>
        text is null ? null
        : DurationText.TryParse(text, out var value, out var error) ? value
        : Fail<TimeSpan?>(errors, path, error, null);

    internal static T Fail<T>(List<ValidationError> errors, string path, string message, T fallback)
    {
        errors.Add(new(path, message));
        return fallback;
    }

    private static IEnumerable<T> Sorted<T>(IEnumerable<T> items, Func<T, string> id) =>
        items.OrderBy(id, StringComparer.OrdinalIgnoreCase).ThenBy(id, StringComparer.Ordinal);

    private static List<T>? NullIfEmpty<T>(this List<T> list) => list.Count == 0 ? null : list;

    /// <summary>A <see cref="JsonException"/> told in words a person can act on, without .NET type names.</summary>
    public static string DescribeJsonError(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is JsonFieldException)
        {
            return ex.Message;
        }

        // System.Text.Json's messages name .NET types; keep the part a person can act on.
        var message = ex.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'', StringComparison.Ordinal);
            var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
            var name = start >= 0 && end > start ? message[(start + 1)..end] : "?";
            return $"Unknown field '{name}'.";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal) || message.Contains("required", StringComparison.OrdinalIgnoreCase))
        {
            var marker = "including: ";
            var index = message.IndexOf(marker, StringComparison.Ordinal);
            return index >= 0 ? $"A required field is missing: {message[(index + marker.Length)..].TrimEnd('.')}." : "A required field is missing.";
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase) || message.Contains("allow", StringComparison.OrdinalIgnoreCase)))
        {
            return "This field cannot be null.";
        }

        return ex.LineNumber is { } line
            ? $"Malformed JSON or a value of the wrong type at line {line + 1}, position {ex.BytePositionInLine + 1}."
            : "Malformed JSON or a value of the wrong type.";
    }
}
