using System.Text.Json.Serialization;

namespace Gateway.Core.Serialization;

// The shape of a document on the wire and at rest. Property order here is the canonical order;
// optional fields that are empty are left out, so a canonical document shows only what is set.

internal sealed record DocumentModel(
    [property: JsonPropertyName("listeners")] List<ListenerModel>? Listeners = null,
    [property: JsonPropertyName("routes")] List<RouteModel>? Routes = null,
    [property: JsonPropertyName("clusters")] List<ClusterModel>? Clusters = null,
    [property: JsonPropertyName("maps")] List<MapModel>? Maps = null,
    [property: JsonPropertyName("certificates")] List<CertificateModel>? Certificates = null);

internal sealed record ListenerModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("protocols")] List<string>? Protocols = null,
    [property: JsonPropertyName("certificates")] List<string>? Certificates = null,
    [property: JsonPropertyName("strictSni")] bool? StrictSni = null,
    [property: JsonPropertyName("acceptProxy")] bool? AcceptProxy = null,
    [property: JsonPropertyName("maxConnections")] int? MaxConnections = null,
    [property: JsonPropertyName("tarpitTimeout")] string? TarpitTimeout = null,
    [property: JsonPropertyName("rules")] string? Rules = null,
    [property: JsonPropertyName("mode")] string? Mode = null,
    [property: JsonPropertyName("defaultCluster")] string? DefaultCluster = null,
    [property: JsonPropertyName("idleTimeout")] string? IdleTimeout = null);

internal sealed record RouteModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("listeners")] List<string>? Listeners = null,
    [property: JsonPropertyName("hosts")] List<string>? Hosts = null,
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("methods")] List<string>? Methods = null,
    [property: JsonPropertyName("order")] int? Order = null,
    [property: JsonPropertyName("rules")] string? Rules = null);

internal sealed record ClusterModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("loadBalancing")] string? LoadBalancing = null,
    [property: JsonPropertyName("activityTimeout")] string? ActivityTimeout = null,
    [property: JsonPropertyName("maxConnectionsPerServer")] int? MaxConnectionsPerServer = null,
    [property: JsonPropertyName("healthCheck")] HealthCheckModel? HealthCheck = null,
    [property: JsonPropertyName("servers")] List<ServerModel>? Servers = null,
    [property: JsonPropertyName("rules")] string? Rules = null,
    [property: JsonPropertyName("connectTimeout")] string? ConnectTimeout = null,
    [property: JsonPropertyName("sendProxy")] string? SendProxy = null);

internal sealed record ServerModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("state")] string? State = null,
    [property: JsonPropertyName("weight")] int? Weight = null,
    [property: JsonPropertyName("backup")] bool? Backup = null);

// Defaults (interval 00:00:05, timeout 00:00:02, rise 2, fall 3) are left out like other unset fields.
internal sealed record HealthCheckModel(
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("interval")] string? Interval = null,
    [property: JsonPropertyName("timeout")] string? Timeout = null,
    [property: JsonPropertyName("rise")] int? Rise = null,
    [property: JsonPropertyName("fall")] int? Fall = null);

// Entries keep the order they were written in: lookups by prefix, suffix or regex take the first match.
internal sealed record MapModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("entries")] List<MapEntryModel>? Entries = null);

internal sealed record MapEntryModel(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);

// A certificate as documents carry it: the public chain and its thumbprint. Key is read (an import or an
// API write may bring one) but never written: keys are kept apart from documents, found again by thumbprint.
internal sealed record CertificateModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("certificate")] string Certificate,
    [property: JsonPropertyName("thumbprint")] string? Thumbprint = null,
    [property: JsonPropertyName("key")] string? Key = null);

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n")]
[JsonSerializable(typeof(DocumentModel))]
[JsonSerializable(typeof(ListenerModel))]
[JsonSerializable(typeof(RouteModel))]
[JsonSerializable(typeof(ClusterModel))]
[JsonSerializable(typeof(ServerModel))]
[JsonSerializable(typeof(HealthCheckModel))]
[JsonSerializable(typeof(MapModel))]
[JsonSerializable(typeof(CertificateModel))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
