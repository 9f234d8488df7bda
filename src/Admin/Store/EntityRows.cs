using System.Text.Json;
using Gateway.Admin.Store.Rows;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Store;

/// <summary>Maps entities of a document to table rows and back.</summary>
internal static class EntityRows
{
    public static ListenerRow ToRow(ListenerConfig listener) => new()
    {
        Id = listener.Id,
        Address = listener.Address,
        Protocols = (int)listener.Protocols,
        Rules = listener.Rules,
        TarpitTimeoutTicks = listener.TarpitTimeout?.Ticks,
        AcceptProxy = listener.AcceptProxy,
        MaxConnections = listener.MaxConnections,
        Mode = (int)listener.Mode,
        DefaultClusterId = listener.DefaultCluster,
        IdleTimeoutTicks = listener.IdleTimeout?.Ticks,
        RequestHeaderTimeoutTicks = listener.RequestHeaderTimeout?.Ticks,
        MinRequestBodyRate = listener.MinRequestBodyRate,
        Http1Core = listener.Http1Core,
        StrictSni = listener.StrictSni,
        Certificates = [.. listener.Certificates.Select((certificate, position) => new ListenerCertificateRow { ListenerId = listener.Id, CertificateId = certificate, Position = position })],
    };

    /// <summary>The public part only: keys live in <c>certificate_keys</c>.</summary>
    public static CertificateRow ToRow(CertificateConfig certificate) => new()
    {
        Id = certificate.Id,
        Certificate = certificate.Certificate,
        Thumbprint = Core.Certificates.CertificatePem.Thumbprint(certificate.Certificate) ?? "",
    };

    public static ClusterRow ToRow(ClusterConfig cluster) => new()
    {
        Id = cluster.Id,
        LoadBalancing = cluster.LoadBalancing,
        ActivityTimeoutTicks = cluster.ActivityTimeout?.Ticks,
        MaxConnectionsPerServer = cluster.MaxConnectionsPerServer,
        Servers = [.. cluster.Servers.Select(s => ToRow(cluster.Id, s))],
        Rules = cluster.Rules,
        ConnectTimeoutTicks = cluster.ConnectTimeout?.Ticks,
        SendProxy = (int)cluster.SendProxy,
        HealthCheckPath = cluster.HealthCheck?.Path,
        HealthCheckIntervalTicks = cluster.HealthCheck?.Interval.Ticks,
        HealthCheckTimeoutTicks = cluster.HealthCheck?.Timeout.Ticks,
        HealthCheckRise = cluster.HealthCheck?.Rise,
        HealthCheckFall = cluster.HealthCheck?.Fall,
        HostHeader = cluster.HostHeader,
        HttpReuse = cluster.HttpReuse == HttpReuseModes.Safe ? null : cluster.HttpReuse,
        RetryCount = cluster.Retry.Count,
        RetryRedispatch = cluster.Retry.Redispatch,
        RetryOnStatuses = cluster.Retry.OnStatuses.Count == 0 ? null : JsonSerializer.Serialize(cluster.Retry.OnStatuses, StoreJsonContext.Default.IReadOnlyListInt32),
        RetryNonIdempotent = cluster.Retry.NonIdempotent,
        RetryBufferLimit = cluster.Retry.BufferLimit,
        RetryDeadlineTicks = cluster.Retry.Deadline?.Ticks,
        PassiveHealthEnabled = cluster.PassiveHealth.Enabled,
        PassiveHealthConsecutiveFailures = cluster.PassiveHealth.ConsecutiveFailures,
        PassiveHealthCountServerErrors = cluster.PassiveHealth.CountServerErrors,
        PassiveHealthEjectionTicks = cluster.PassiveHealth.EjectionTime.Ticks,
        PassiveHealthMaxEjectionTicks = cluster.PassiveHealth.MaxEjectionTime.Ticks,
        StickyCookie = cluster.StickyCookie,
        MaxQueue = cluster.MaxQueue,
        QueueTimeoutTicks = cluster.QueueTimeout?.Ticks,
        BufferRequestBody = cluster.BufferRequestBody,
        ConcurrencyMaxRequests = cluster.Concurrency?.MaxRequests,
        ConcurrencyMaxQueue = cluster.Concurrency?.MaxQueue,
        ConcurrencyQueueTimeoutTicks = cluster.Concurrency?.QueueTimeout?.Ticks,
    };

    public static ServerRow ToRow(string clusterId, ServerConfig server) =>
        new() { ClusterId = clusterId, Id = server.Id, Address = server.Address, State = server.State.ToString().ToLowerInvariant(), Weight = server.Weight, Backup = server.Backup, MaxConnections = server.MaxConnections };

    public static RouteRow ToRow(RouteConfig route) => new()
    {
        Id = route.Id,
        ClusterId = route.Cluster,
        Path = route.Path,
        Order = route.Order,
        Hosts = JsonSerializer.Serialize(route.Hosts, StoreJsonContext.Default.IReadOnlyListString),
        Methods = JsonSerializer.Serialize(route.Methods, StoreJsonContext.Default.IReadOnlyListString),
        Listeners = [.. route.Listeners.Select((listener, position) => new RouteListenerRow { RouteId = route.Id, ListenerId = listener, Position = position })],
        Rules = route.Rules,
        ConcurrencyMaxRequests = route.Concurrency?.MaxRequests,
        ConcurrencyMaxQueue = route.Concurrency?.MaxQueue,
        ConcurrencyQueueTimeoutTicks = route.Concurrency?.QueueTimeout?.Ticks,
    };

    public static MapRow ToRow(MapConfig map) => new()
    {
        Id = map.Id,
        Entries = [.. map.Entries.Select((entry, position) => new MapEntryRow { MapId = map.Id, Position = position, Key = entry.Key, Value = entry.Value })],
    };

    public static StickTableRow ToRow(StickTableConfig table) => new()
    {
        Id = table.Id,
        Type = Core.Serialization.CanonicalJson.ToWire(table).Type ?? "ip",
        Size = table.Size,
        ExpireTicks = table.Expire?.Ticks,
        Store = JsonSerializer.Serialize(table.Store, StoreJsonContext.Default.IReadOnlyListString),
        Shared = table.Shared,
    };

    public static StickTableConfig ToConfig(StickTableRow row) => new()
    {
        Id = row.Id,
        Type = row.Type switch { "integer" => StickKeyType.Number, "string" => StickKeyType.Text, "binary" => StickKeyType.Binary, _ => StickKeyType.Address },
        Size = row.Size,
        Expire = row.ExpireTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null,
        Store = JsonSerializer.Deserialize(row.Store, StoreJsonContext.Default.IReadOnlyListString) ?? [],
        Shared = row.Shared,
    };

    public static GatewayConfig ToConfig(IEnumerable<ListenerRow> listeners, IEnumerable<RouteRow> routes, IEnumerable<ClusterRow> clusters, IEnumerable<MapRow> maps, IEnumerable<CertificateRow> certificates, IEnumerable<StickTableRow>? stickTables = null) => new()
    {
        Listeners = [.. listeners.Select(l => new ListenerConfig
        {
            Id = l.Id,
            Address = l.Address,
            Protocols = (ListenerProtocols)l.Protocols,
            Rules = l.Rules,
            TarpitTimeout = l.TarpitTimeoutTicks is { } tarpit ? TimeSpan.FromTicks(tarpit) : null,
            AcceptProxy = l.AcceptProxy,
            MaxConnections = l.MaxConnections,
            Mode = (ListenerMode)l.Mode,
            DefaultCluster = l.DefaultClusterId,
            IdleTimeout = l.IdleTimeoutTicks is { } idle ? TimeSpan.FromTicks(idle) : null,
            RequestHeaderTimeout = l.RequestHeaderTimeoutTicks is { } headers ? TimeSpan.FromTicks(headers) : null,
            MinRequestBodyRate = l.MinRequestBodyRate,
            Http1Core = l.Http1Core,
            StrictSni = l.StrictSni,
            Certificates = [.. l.Certificates.OrderBy(c => c.Position).Select(c => c.CertificateId)],
        })],
        Routes = [.. routes.Select(r => new RouteConfig
        {
            Id = r.Id,
            Cluster = r.ClusterId,
            Path = r.Path,
            Order = r.Order,
            Hosts = JsonSerializer.Deserialize(r.Hosts, StoreJsonContext.Default.IReadOnlyListString) ?? [],
            Methods = JsonSerializer.Deserialize(r.Methods, StoreJsonContext.Default.IReadOnlyListString) ?? [],
            Listeners = [.. r.Listeners.OrderBy(l => l.Position).Select(l => l.ListenerId)],
            Rules = r.Rules,
            Concurrency = ToConcurrency(r.ConcurrencyMaxRequests, r.ConcurrencyMaxQueue, r.ConcurrencyQueueTimeoutTicks),
        })],
        Clusters = [.. clusters.Select(c => new ClusterConfig
        {
            Id = c.Id,
            LoadBalancing = c.LoadBalancing,
            ActivityTimeout = c.ActivityTimeoutTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null,
            MaxConnectionsPerServer = c.MaxConnectionsPerServer,
            Servers = [.. c.Servers.Select(s => new ServerConfig { Id = s.Id, Address = s.Address, State = Enum.Parse<ServerState>(s.State, ignoreCase: true), Weight = s.Weight, Backup = s.Backup, MaxConnections = s.MaxConnections })],
            Rules = c.Rules,
            HealthCheck = ToHealthCheck(c),
            ConnectTimeout = c.ConnectTimeoutTicks is { } connect ? TimeSpan.FromTicks(connect) : null,
            SendProxy = (SendProxy)c.SendProxy,
            HostHeader = c.HostHeader ?? HostHeaderModes.Client,
            HttpReuse = c.HttpReuse ?? HttpReuseModes.Safe,
            Retry = ToRetry(c),
            PassiveHealth = ToPassiveHealth(c),
            StickyCookie = c.StickyCookie,
            MaxQueue = c.MaxQueue,
            QueueTimeout = c.QueueTimeoutTicks is { } queue ? TimeSpan.FromTicks(queue) : null,
            BufferRequestBody = c.BufferRequestBody,
            Concurrency = ToConcurrency(c.ConcurrencyMaxRequests, c.ConcurrencyMaxQueue, c.ConcurrencyQueueTimeoutTicks),
        })],
        Maps = [.. maps.Select(m => new MapConfig { Id = m.Id, Entries = [.. m.Entries.OrderBy(e => e.Position).Select(e => new MapEntry(e.Key, e.Value))] })],
        Certificates = [.. certificates.Select(c => new CertificateConfig { Id = c.Id, Certificate = c.Certificate })],
        StickTables = [.. (stickTables ?? []).Select(ToConfig)],
    };

    private static ConcurrencyLimitConfig? ToConcurrency(int? maxRequests, int? maxQueue, long? queueTimeoutTicks) => maxRequests is not { } max ? null : new()
    {
        MaxRequests = max,
        MaxQueue = maxQueue,
        QueueTimeout = queueTimeoutTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null,
    };

    // A TCP connect check has no path; every check is stored with its interval, so that marks one.
    private static HealthCheckConfig? ToHealthCheck(ClusterRow c) => c.HealthCheckPath is null && c.HealthCheckIntervalTicks is null ? null : new()
    {
        Path = c.HealthCheckPath,
        Interval = c.HealthCheckIntervalTicks is { } interval ? TimeSpan.FromTicks(interval) : HealthCheckConfig.DefaultInterval,
        Timeout = c.HealthCheckTimeoutTicks is { } timeout ? TimeSpan.FromTicks(timeout) : HealthCheckConfig.DefaultTimeout,
        Rise = c.HealthCheckRise ?? HealthCheckConfig.DefaultRise,
        Fall = c.HealthCheckFall ?? HealthCheckConfig.DefaultFall,
    };

    private static RetryConfig ToRetry(ClusterRow c) => new()
    {
        Count = c.RetryCount ?? RetryConfig.DefaultCount,
        Redispatch = c.RetryRedispatch ?? true,
        OnStatuses = c.RetryOnStatuses is { } statuses ? JsonSerializer.Deserialize(statuses, StoreJsonContext.Default.IReadOnlyListInt32) ?? [] : [],
        NonIdempotent = c.RetryNonIdempotent ?? false,
        BufferLimit = c.RetryBufferLimit ?? RetryConfig.DefaultBufferLimit,
        Deadline = c.RetryDeadlineTicks is { } deadline ? TimeSpan.FromTicks(deadline) : null,
    };

    private static PassiveHealthConfig ToPassiveHealth(ClusterRow c) => new()
    {
        Enabled = c.PassiveHealthEnabled ?? true,
        ConsecutiveFailures = c.PassiveHealthConsecutiveFailures ?? PassiveHealthConfig.DefaultConsecutiveFailures,
        CountServerErrors = c.PassiveHealthCountServerErrors ?? false,
        EjectionTime = c.PassiveHealthEjectionTicks is { } ejection ? TimeSpan.FromTicks(ejection) : PassiveHealthConfig.DefaultEjectionTime,
        MaxEjectionTime = c.PassiveHealthMaxEjectionTicks is { } max ? TimeSpan.FromTicks(max) : PassiveHealthConfig.DefaultMaxEjectionTime,
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<int>))]
internal sealed partial class StoreJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
