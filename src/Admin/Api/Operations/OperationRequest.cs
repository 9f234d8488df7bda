using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gateway.Admin.Api.Operations;

/// <summary>
/// One change in a batch or a transaction. <c>op</c> is <c>create</c> (the whole entity in <c>value</c>),
/// <c>replace</c> (the whole entity; its id may be left out), <c>patch</c> (a JSON merge patch, RFC 7396)
/// or <c>delete</c>. <c>collection</c> is <c>listeners</c>, <c>routes</c>, <c>clusters</c>, <c>maps</c>,
/// <c>certificates</c> or <c>servers</c>, which also needs <c>cluster</c>. Entities have the canonical document's shapes.
/// </summary>
internal sealed record OperationRequest(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("collection")] string Collection,
    [property: JsonPropertyName("id")] string? Id = null,
    [property: JsonPropertyName("cluster")] string? Cluster = null,
    [property: JsonPropertyName("value")] JsonObject? Value = null);

/// <summary>Several changes, applied in order.</summary>
internal sealed record OperationList(
    [property: JsonPropertyName("operations")] IReadOnlyList<OperationRequest> Operations);

/// <summary>Several changes committed together as one revision.</summary>
internal sealed record BatchRequest(
    [property: JsonPropertyName("operations")] IReadOnlyList<OperationRequest> Operations,
    [property: JsonPropertyName("message")] string? Message = null);

/// <summary>What a commit made: the new revision and its change summary.</summary>
internal sealed record CommitResponse(
    [property: JsonPropertyName("revision")] long Revision,
    [property: JsonPropertyName("summary")] string Summary);
