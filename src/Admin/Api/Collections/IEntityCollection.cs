using System.Text.Json.Nodes;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Api.Collections;

/// <summary>One top-level collection of the document (listeners, routes, clusters, maps) as the API reads and changes it.</summary>
internal interface IEntityCollection
{
    /// <summary>The collection's name in the document and in URLs: <c>routes</c>.</summary>
    string Name { get; }

    /// <summary>One of its entities in a sentence: <c>route</c>.</summary>
    string Noun { get; }

    EntityKind Kind { get; }

    /// <summary>The type of its entities' JSON shape, for the OpenAPI document.</summary>
    Type WireType { get; }

    /// <summary>True for listeners, routes and clusters, whose rules text has its own endpoint.</summary>
    bool HasRules { get; }

    IReadOnlyList<object> Items(GatewayConfig document);

    string IdOf(object entity);

    /// <summary>The entity in the canonical document's shape.</summary>
    JsonObject ToJson(object entity);

    /// <summary>Reads an entity from its JSON shape; null (with every reason added to <paramref name="errors"/>) when it cannot.</summary>
    object? Parse(JsonObject json, string path, List<ValidationError> errors);

    ConfigOperation Create(object entity);

    ConfigOperation Update(object entity);

    string? RulesOf(object entity);

    object WithRules(object entity, string? rules);
}
