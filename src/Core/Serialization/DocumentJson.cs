using System.Text.Json.Serialization;

namespace Gateway.Core.Serialization;

// The shape of a document on the wire and at rest. Property order here is the canonical order;
// optional fields that are empty are left out, so a canonical document shows only what is set.

/// <summary>
/// A whole configuration document in its canonical JSON shape: what <see cref="CanonicalJson.Serialize"/> writes,
/// <see cref="CanonicalJson.TryParse"/> reads, the admin API's <c>/config</c> serves and revisions store.
/// </summary>
/// <remarks>
/// The records in this file are the public JSON contract of a document and of each entity in it (the admin API
/// reads and writes single entities in these shapes). Property names are the JSON names; the declaration order
/// is the canonical field order; empty optional fields are null and left out when written. Durations are
/// <c>hh:mm:ss</c> strings and enums are their lower-case names, as in appsettings.json. Unknown fields are
/// rejected when reading.
/// </remarks>
public sealed record DocumentJson(
    [property: JsonPropertyName("listeners")] List<ListenerJson>? Listeners = null,
    [property: JsonPropertyName("routes")] List<RouteJson>? Routes = null,
    [property: JsonPropertyName("clusters")] List<ClusterJson>? Clusters = null,
    [property: JsonPropertyName("maps")] List<MapJson>? Maps = null,
    [property: JsonPropertyName("certificates")] List<CertificateJson>? Certificates = null);

/// <summary>A listener as JSON: where the gateway accepts connections and how (see <see cref="Configuration.ListenerConfig"/>).</summary>
/// <param name="Address">e.g. <c>*:443</c>, <c>127.0.0.1:8080</c> or <c>[::]:80</c>.</param>
/// <param name="Protocols">Any of <c>http1</c>, <c>http2</c>, <c>http3</c>.</param>
/// <param name="Certificates">Ids of certificates; null for a plain-text listener.</param>
/// <param name="Rules">Rules text (tcp-request, http-request, http-response), normalized by <see cref="RulesText.Normalize"/>.</param>
/// <param name="Mode"><c>http</c> (default) or <c>tcp</c>.</param>
public sealed record ListenerJson(
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
    [property: JsonPropertyName("idleTimeout")] string? IdleTimeout = null,
    [property: JsonPropertyName("requestHeaderTimeout")] string? RequestHeaderTimeout = null);

/// <summary>A route as JSON: which requests go to which cluster (see <see cref="Configuration.RouteConfig"/>).</summary>
/// <param name="Listeners">Ids of the listeners the route is bound to; null for all HTTP listeners.</param>
/// <param name="Rules">Rules text (http-request, http-response), normalized by <see cref="RulesText.Normalize"/>.</param>
public sealed record RouteJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("listeners")] List<string>? Listeners = null,
    [property: JsonPropertyName("hosts")] List<string>? Hosts = null,
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("methods")] List<string>? Methods = null,
    [property: JsonPropertyName("order")] int? Order = null,
    [property: JsonPropertyName("rules")] string? Rules = null);

/// <summary>A cluster as JSON: a set of servers and how requests are spread over them (see <see cref="Configuration.ClusterConfig"/>).</summary>
/// <param name="LoadBalancing">A name from <see cref="Configuration.LoadBalancingNames"/>; null for the default.</param>
/// <param name="SendProxy">The PROXY protocol header sent to servers: null, <c>v1</c> or <c>v2</c>.</param>
public sealed record ClusterJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("loadBalancing")] string? LoadBalancing = null,
    [property: JsonPropertyName("activityTimeout")] string? ActivityTimeout = null,
    [property: JsonPropertyName("maxConnectionsPerServer")] int? MaxConnectionsPerServer = null,
    [property: JsonPropertyName("healthCheck")] HealthCheckJson? HealthCheck = null,
    [property: JsonPropertyName("servers")] List<ServerJson>? Servers = null,
    [property: JsonPropertyName("rules")] string? Rules = null,
    [property: JsonPropertyName("connectTimeout")] string? ConnectTimeout = null,
    [property: JsonPropertyName("sendProxy")] string? SendProxy = null);

/// <summary>One server of a cluster as JSON (see <see cref="Configuration.ServerConfig"/>).</summary>
/// <param name="Address">e.g. <c>http://10.0.0.5:8080</c>, or <c>tcp://host:port</c> for clusters of TCP listeners.</param>
/// <param name="State"><c>drain</c> or <c>maintenance</c>; null for ready.</param>
public sealed record ServerJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("state")] string? State = null,
    [property: JsonPropertyName("weight")] int? Weight = null,
    [property: JsonPropertyName("backup")] bool? Backup = null);

// Defaults (interval 00:00:05, timeout 00:00:02, rise 2, fall 3) are left out like other unset fields.
/// <summary>A cluster's active health check as JSON; null fields take their defaults (see <see cref="Configuration.HealthCheckConfig"/>).</summary>
public sealed record HealthCheckJson(
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("interval")] string? Interval = null,
    [property: JsonPropertyName("timeout")] string? Timeout = null,
    [property: JsonPropertyName("rise")] int? Rise = null,
    [property: JsonPropertyName("fall")] int? Fall = null);

// Entries keep the order they were written in: lookups by prefix, suffix or regex take the first match.
/// <summary>A map as JSON: keys and values rules look up with the <c>map</c> converters (see <see cref="Configuration.MapConfig"/>).</summary>
public sealed record MapJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("entries")] List<MapEntryJson>? Entries = null);

/// <summary>One entry of a map.</summary>
public sealed record MapEntryJson(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);

// A certificate as documents carry it: the public chain and its thumbprint. Key is read (an import or an
// API write may bring one) but never written: keys are kept apart from documents, found again by thumbprint.
/// <summary>A certificate as JSON: its PEM chain and thumbprint (see <see cref="Configuration.CertificateConfig"/>).</summary>
/// <param name="Certificate">The certificate chain, PEM.</param>
/// <param name="Thumbprint">SHA-256 thumbprint (hex) of the leaf, written by the gateway; it finds the private key kept apart from documents.</param>
/// <param name="Key">A PEM private key, accepted on import or API write and never written back.</param>
public sealed record CertificateJson(
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
[JsonSerializable(typeof(DocumentJson))]
[JsonSerializable(typeof(ListenerJson))]
[JsonSerializable(typeof(RouteJson))]
[JsonSerializable(typeof(ClusterJson))]
[JsonSerializable(typeof(ServerJson))]
[JsonSerializable(typeof(HealthCheckJson))]
[JsonSerializable(typeof(MapJson))]
[JsonSerializable(typeof(CertificateJson))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
