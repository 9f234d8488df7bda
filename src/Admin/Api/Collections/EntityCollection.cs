using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Api.Collections;

/// <summary>
/// An <see cref="IEntityCollection"/> over <typeparamref name="TConfig"/> entities whose JSON shape is the wire
/// record <typeparamref name="TWire"/>, the canonical document's (Core's <c>Serialization/DocumentJson.cs</c>).
/// </summary>
internal sealed class EntityCollection<TConfig, TWire> : IEntityCollection
    where TConfig : class
    where TWire : class
{
    public required string Name { get; init; }

    public required string Noun { get; init; }

    public required EntityKind Kind { get; init; }

    public Type WireType => typeof(TWire);

    public bool HasRules => GetRules is not null;

    public required Func<GatewayConfig, IReadOnlyList<TConfig>> List { get; init; }

    public required Func<TConfig, string> Id { get; init; }

    public required Func<TConfig, TWire> ToWire { get; init; }

    public required Func<TWire, string, List<ValidationError>, TConfig> FromWire { get; init; }

    public required Func<TConfig, ConfigOperation> CreateOperation { get; init; }

    public required Func<TConfig, ConfigOperation> UpdateOperation { get; init; }

    public Func<TConfig, string?>? GetRules { get; init; }

    public Func<TConfig, string?, TConfig>? SetRules { get; init; }

    public IReadOnlyList<object> Items(GatewayConfig document) => List(document);

    public string IdOf(object entity) => Id((TConfig)entity);

    public JsonObject ToJson(object entity) => JsonSerializer.SerializeToNode(ToWire((TConfig)entity), ApiJson.Options)!.AsObject();

    public object? Parse(JsonObject json, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        var wire = ApiBody.Convert<TWire>(json, path, errors);
        if (wire is null)
        {
            return null;
        }

        var entity = FromWire(wire, path, errors);
        return errors.Count == before ? entity : null;
    }

    public ConfigOperation Create(object entity) => CreateOperation((TConfig)entity);

    public ConfigOperation Update(object entity) => UpdateOperation((TConfig)entity);

    public string? RulesOf(object entity) => GetRules!((TConfig)entity);

    public object WithRules(object entity, string? rules) => SetRules!((TConfig)entity, rules);
}
