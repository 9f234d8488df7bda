using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Api.Collections;

/// <summary>
/// An <see cref="IEntityCollection"/> over <typeparamref name="TConfig"/> entities whose JSON shape is
/// <typeparamref name="TModel"/>, the canonical document's (Core's <c>Serialization/DocumentModel.cs</c>).
/// </summary>
internal sealed class EntityCollection<TConfig, TModel> : IEntityCollection
    where TConfig : class
    where TModel : class
{
    public required string Name { get; init; }

    public required string Noun { get; init; }

    public required EntityKind Kind { get; init; }

    public Type ModelType => typeof(TModel);

    public bool HasRules => GetRules is not null;

    public required Func<GatewayConfig, IReadOnlyList<TConfig>> List { get; init; }

    public required Func<TConfig, string> Id { get; init; }

    public required Func<TConfig, TModel> ToModel { get; init; }

    public required Func<TModel, string, List<ValidationError>, TConfig> FromModel { get; init; }

    public required Func<TConfig, ConfigOperation> CreateOperation { get; init; }

    public required Func<TConfig, ConfigOperation> UpdateOperation { get; init; }

    public Func<TConfig, string?>? GetRules { get; init; }

    public Func<TConfig, string?, TConfig>? SetRules { get; init; }

    public IReadOnlyList<object> Items(GatewayConfig document) => List(document);

    public string IdOf(object entity) => Id((TConfig)entity);

    public JsonObject ToJson(object entity) => JsonSerializer.SerializeToNode(ToModel((TConfig)entity), ApiJson.Options)!.AsObject();

    public object? Parse(JsonObject json, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        var model = ApiBody.Convert<TModel>(json, path, errors);
        if (model is null)
        {
            return null;
        }

        var entity = FromModel(model, path, errors);
        return errors.Count == before ? entity : null;
    }

    public ConfigOperation Create(object entity) => CreateOperation((TConfig)entity);

    public ConfigOperation Update(object entity) => UpdateOperation((TConfig)entity);

    public string? RulesOf(object entity) => GetRules!((TConfig)entity);

    public object WithRules(object entity, string? rules) => SetRules!((TConfig)entity, rules);
}
