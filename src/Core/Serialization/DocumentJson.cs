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
/// written as <c>hh:mm:ss</c> strings and read in <see cref="Configuration.DurationText"/>'s grammar (a number is seconds) and enums are their lower-case names, as in appsettings.json. Unknown fields are
/// rejected when reading.
/// </remarks>
public sealed record DocumentJson(
    [property: JsonPropertyName("listeners")] List<ListenerJson>? Listeners = null,
    [property: JsonPropertyName("routes")] List<RouteJson>? Routes = null,
    [property: JsonPropertyName("clusters")] List<ClusterJson>? Clusters = null,
    [property: JsonPropertyName("maps")] List<MapJson>? Maps = null,
    [property: JsonPropertyName("certificates")] List<CertificateJson>? Certificates = null,
    [property: JsonPropertyName("stickTables")] List<StickTableJson>? StickTables = null);

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
    [property: JsonPropertyName("tarpitTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? TarpitTimeout = null,
    [property: JsonPropertyName("rules"), JsonConverter(typeof(RulesJsonConverter))] string? Rules = null,
    [property: JsonPropertyName("mode")] string? Mode = null,
    [property: JsonPropertyName("defaultCluster")] string? DefaultCluster = null,
    [property: JsonPropertyName("idleTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? IdleTimeout = null,
    [property: JsonPropertyName("errorPages")] List<ErrorPageJson>? ErrorPages = null,
    [property: JsonPropertyName("requestHeaderTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? RequestHeaderTimeout = null,
    [property: JsonPropertyName("minRequestBodyRate")] int? MinRequestBodyRate = null,
    [property: JsonPropertyName("http1Core")] bool? Http1Core = null);

/// <summary>A listener's custom body for one error status the gateway generates (see <see cref="Configuration.ErrorPageConfig"/>).</summary>
/// <param name="Status">400 to 599.</param>
/// <param name="Body">Sent as written.</param>
/// <param name="ContentType">null for <c>text/html; charset=utf-8</c>.</param>
public sealed record ErrorPageJson(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("contentType")] string? ContentType = null);

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
    [property: JsonPropertyName("rules"), JsonConverter(typeof(RulesJsonConverter))] string? Rules = null,
    [property: JsonPropertyName("concurrency")] ConcurrencyJson? Concurrency = null);

/// <summary>A route's or cluster's concurrency limit as JSON (see <see cref="Configuration.ConcurrencyLimitConfig"/>).</summary>
/// <param name="MaxRequests">Requests allowed through at once.</param>
/// <param name="MaxQueue">Requests that may wait for a place; 0 queues none (503 at once), null for no limit.</param>
/// <param name="QueueTimeout">How long a request may wait before it gets 503 with Retry-After; null for five seconds.</param>
public sealed record ConcurrencyJson(
    [property: JsonPropertyName("maxRequests")] int MaxRequests,
    [property: JsonPropertyName("maxQueue")] int? MaxQueue = null,
    [property: JsonPropertyName("queueTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? QueueTimeout = null);

/// <summary>A cluster as JSON: a set of servers and how requests are spread over them (see <see cref="Configuration.ClusterConfig"/>).</summary>
/// <param name="LoadBalancing">A name from <see cref="Configuration.LoadBalancingNames"/>; null for the default.</param>
/// <param name="SendProxy">The PROXY protocol header sent to servers: null, <c>v1</c> or <c>v2</c>.</param>
/// <param name="HostHeader">The Host header servers receive: null or <c>client</c> (the client's), <c>server</c> (the server address's host and port), or a fixed <c>host[:port]</c>.</param>
/// <param name="Retry">When a failed forward is sent again; null for the defaults (3 retries, redispatched to another server).</param>
/// <param name="PassiveHealth">Servers failing real traffic are ejected for a while; null for the defaults (on, 3 failures in a row, 10 s growing to 5 min).</param>
/// <param name="StickyCookie">Name of the cookie that keeps a client on one server; null for no stickiness.</param>
/// <param name="MaxQueue">Requests that may wait for a server at its <c>maxConnections</c>; 0 queues none (503 at once), null for no limit.</param>
/// <param name="QueueTimeout">How long a request may wait in the queue before it gets 503 with Retry-After; null for five seconds.</param>
/// <param name="BufferRequestBody">True: a body up to the retry buffer limit is read whole before a server is chosen (HAProxy's <c>option http-buffer-request</c>); null for off.</param>
/// <param name="HttpReuse">HAProxy's http-reuse for the HTTP/1.1 core: <c>never</c>, <c>safe</c> (null, the default), <c>aggressive</c> or <c>always</c>.</param>
public sealed record ClusterJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("loadBalancing")] string? LoadBalancing = null,
    [property: JsonPropertyName("activityTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? ActivityTimeout = null,
    [property: JsonPropertyName("maxConnectionsPerServer")] int? MaxConnectionsPerServer = null,
    [property: JsonPropertyName("healthCheck")] HealthCheckJson? HealthCheck = null,
    [property: JsonPropertyName("servers")] List<ServerJson>? Servers = null,
    [property: JsonPropertyName("rules"), JsonConverter(typeof(RulesJsonConverter))] string? Rules = null,
    [property: JsonPropertyName("connectTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? ConnectTimeout = null,
    [property: JsonPropertyName("sendProxy")] string? SendProxy = null,
    [property: JsonPropertyName("hostHeader")] string? HostHeader = null,
    [property: JsonPropertyName("retry")] RetryJson? Retry = null,
    [property: JsonPropertyName("passiveHealth")] PassiveHealthJson? PassiveHealth = null,
    [property: JsonPropertyName("stickyCookie")] string? StickyCookie = null,
    [property: JsonPropertyName("maxQueue")] int? MaxQueue = null,
    [property: JsonPropertyName("queueTimeout"), JsonConverter(typeof(DurationJsonConverter))] string? QueueTimeout = null,
    [property: JsonPropertyName("bufferRequestBody")] bool? BufferRequestBody = null,
    [property: JsonPropertyName("concurrency")] ConcurrencyJson? Concurrency = null,
    [property: JsonPropertyName("httpReuse")] string? HttpReuse = null);

/// <summary>One server of a cluster as JSON (see <see cref="Configuration.ServerConfig"/>).</summary>
/// <param name="Address">e.g. <c>http://10.0.0.5:8080</c>, or <c>tcp://host:port</c> for clusters of TCP listeners.</param>
/// <param name="State"><c>drain</c> or <c>maintenance</c>; null for ready.</param>
/// <param name="MaxConnections">Most requests sent to this server at once; more wait in the cluster's queue. Null for no limit.</param>
public sealed record ServerJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("state")] string? State = null,
    [property: JsonPropertyName("weight")] int? Weight = null,
    [property: JsonPropertyName("backup")] bool? Backup = null,
    [property: JsonPropertyName("maxConnections")] int? MaxConnections = null);

// Defaults (interval 00:00:05, timeout 00:00:02, rise 2, fall 3) are left out like other unset fields.
/// <summary>A cluster's active health check as JSON; null fields take their defaults (see <see cref="Configuration.HealthCheckConfig"/>).</summary>
public sealed record HealthCheckJson(
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("interval"), JsonConverter(typeof(DurationJsonConverter))] string? Interval = null,
    [property: JsonPropertyName("timeout"), JsonConverter(typeof(DurationJsonConverter))] string? Timeout = null,
    [property: JsonPropertyName("rise")] int? Rise = null,
    [property: JsonPropertyName("fall")] int? Fall = null);

// Defaults (count 3, redispatch true, no statuses, nonIdempotent false, bufferLimit 65536, no deadline) are left out.
/// <summary>When a cluster sends a failed forward again, as JSON; null fields take their defaults (see <see cref="Configuration.RetryConfig"/>).</summary>
/// <param name="Count">Retries after the first try, 0 to 10; 0 turns retries off.</param>
/// <param name="Redispatch">Whether a retry goes to another server when one is available.</param>
/// <param name="OnStatuses">Response statuses (300 to 599, e.g. 503) after which an idempotent request is sent again.</param>
/// <param name="NonIdempotent">Also retry POST, PATCH… that were sent but got no response.</param>
/// <param name="BufferLimit">Request bodies up to this many bytes (0 to 16 MiB) are kept for a retry.</param>
/// <param name="Deadline">No try starts after this long since the first one; null for no overall limit.</param>
public sealed record RetryJson(
    [property: JsonPropertyName("count")] int? Count = null,
    [property: JsonPropertyName("redispatch")] bool? Redispatch = null,
    [property: JsonPropertyName("onStatuses")] List<int>? OnStatuses = null,
    [property: JsonPropertyName("nonIdempotent")] bool? NonIdempotent = null,
    [property: JsonPropertyName("bufferLimit")] int? BufferLimit = null,
    [property: JsonPropertyName("deadline"), JsonConverter(typeof(DurationJsonConverter))] string? Deadline = null);

// Defaults (enabled, 3 failures, 5xx not counted, ejection 00:00:10, at most 00:05:00) are left out.
/// <summary>A cluster's passive health (outlier ejection) as JSON; null fields take their defaults (see <see cref="Configuration.PassiveHealthConfig"/>).</summary>
/// <param name="Enabled">false leaves server selection to the active health check alone.</param>
/// <param name="ConsecutiveFailures">Failures in a row (1 to 1000) that eject a server.</param>
/// <param name="CountServerErrors">Count 5xx answers from the server as failures.</param>
/// <param name="EjectionTime">How long the first ejection lasts; each one that follows without a success in between lasts twice as long.</param>
/// <param name="MaxEjectionTime">The longest an ejection lasts; at least the ejection time.</param>
public sealed record PassiveHealthJson(
    [property: JsonPropertyName("enabled")] bool? Enabled = null,
    [property: JsonPropertyName("consecutiveFailures")] int? ConsecutiveFailures = null,
    [property: JsonPropertyName("countServerErrors")] bool? CountServerErrors = null,
    [property: JsonPropertyName("ejectionTime"), JsonConverter(typeof(DurationJsonConverter))] string? EjectionTime = null,
    [property: JsonPropertyName("maxEjectionTime"), JsonConverter(typeof(DurationJsonConverter))] string? MaxEjectionTime = null);

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

/// <summary>A stick table as JSON (see <see cref="Configuration.StickTableConfig"/>).</summary>
/// <param name="Type"><c>ip</c> (default), <c>integer</c>, <c>string</c> or <c>binary</c>.</param>
/// <param name="Size">The most entries kept; 100000 when left out.</param>
/// <param name="Expire">How long an entry lives after its last update, in HAProxy's time format (<c>60s</c>, <c>10m</c>; <c>00:01:00</c> is read too); left out, entries stay until evicted.</param>
/// <param name="Store">Stored data types in HAProxy's names, rates with their period: <c>http_req_rate(10s)</c>, <c>conn_cur</c>.</param>
/// <param name="Shared">True to count across the nodes through Redis (<c>Gateway:Redis</c> in each node's settings); left out, each node counts alone.</param>
public sealed record StickTableJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string? Type = null,
    [property: JsonPropertyName("size")] int? Size = null,
    [property: JsonPropertyName("expire"), JsonConverter(typeof(DurationJsonConverter))] string? Expire = null,
    [property: JsonPropertyName("store")] List<string>? Store = null,
    [property: JsonPropertyName("shared")] bool? Shared = null);

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
[JsonSerializable(typeof(ConcurrencyJson))]
[JsonSerializable(typeof(ClusterJson))]
[JsonSerializable(typeof(ServerJson))]
[JsonSerializable(typeof(HealthCheckJson))]
[JsonSerializable(typeof(RetryJson))]
[JsonSerializable(typeof(PassiveHealthJson))]
[JsonSerializable(typeof(MapJson))]
[JsonSerializable(typeof(CertificateJson))]
[JsonSerializable(typeof(StickTableJson))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
