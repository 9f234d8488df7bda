using System.Text.Json.Nodes;
using Gateway.Admin.Api.Collections;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Api.Operations;

/// <summary>
/// Turns API operations into the store's operations, in order, against a draft of the document (so a
/// patch applies to what earlier operations left). Problems are sorted by kind: <see cref="Malformed"/>
/// (the operation cannot be read: 400) and <see cref="Unprocessable"/> (it names what is not there, or
/// creates what is: 422). Whether the resulting document is valid is for the store to judge.
/// </summary>
internal sealed class OperationTranslator(GatewayConfig document)
{
    private readonly Dictionary<string, Dictionary<string, object>> _draft = new(StringComparer.Ordinal);

    public List<ValidationError> Malformed { get; } = [];

    public List<ValidationError> Unprocessable { get; } = [];

    public bool Failed => Malformed.Count > 0 || Unprocessable.Count > 0;

    public List<ConfigOperation> Translate(IReadOnlyList<OperationRequest> operations, string path)
    {
        var result = new List<ConfigOperation>(operations.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            if (Translate(operations[i], $"{path}[{i}]") is { } operation)
            {
                result.Add(operation);
            }
        }

        return result;
    }

    /// <param name="path">Where the operation is in the request, for problems with its fields.</param>
    /// <param name="valuePath">Where its value is; <c>{path}.value</c> unless the value is the whole body.</param>
    public ConfigOperation? Translate(OperationRequest request, string path, string? valuePath = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        valuePath ??= $"{path}.value";
        if (request.Collection == ServerEntities.Collection)
        {
            return TranslateServer(request, path, valuePath);
        }

        if (!EntityCollections.ByName.TryGetValue(request.Collection, out var collection))
        {
            Malformed.Add(new($"{path}.collection", $"There is no collection '{request.Collection}'; use listeners, routes, clusters, servers, maps or certificates."));
            return null;
        }

        var entities = Draft(collection);
        switch (request.Op)
        {
            case "create":
                {
                    if (Value(request, valuePath) is not { } value || collection.Parse(value, valuePath, Malformed) is not { } created)
                    {
                        return null;
                    }

                    var id = collection.IdOf(created);
                    if (entities.ContainsKey(id))
                    {
                        Unprocessable.Add(new($"{collection.Name}[{id}]", $"A {collection.Noun} with id '{id}' already exists; replace or patch it instead, or choose another id."));
                        return null;
                    }

                    entities[id] = created;
                    return collection.Create(created);
                }

            case "replace" or "patch":
                {
                    if (Existing(entities, collection.Name, collection.Noun, request, path) is not { } current || Value(request, valuePath) is not { } value)
                    {
                        return null;
                    }

                    var currentId = collection.IdOf(current);
                    var json = request.Op == "patch" ? (JsonObject)JsonMergePatch.Apply(collection.ToJson(current), value)! : (JsonObject)value.DeepClone();
                    if (!KeepsId(json, currentId, valuePath) || collection.Parse(json, valuePath, Malformed) is not { } replaced)
                    {
                        return null;
                    }

                    entities[currentId] = replaced;
                    return collection.Update(replaced);
                }

            case "delete":
                {
                    if (Existing(entities, collection.Name, collection.Noun, request, path) is not { } current)
                    {
                        return null;
                    }

                    var id = collection.IdOf(current);
                    entities.Remove(id);
                    return ConfigOperation.Delete(collection.Kind, id);
                }

            default:
                Malformed.Add(new($"{path}.op", $"There is no operation '{request.Op}'; use create, replace, patch or delete."));
                return null;
        }
    }

    private ConfigOperation? TranslateServer(OperationRequest request, string path, string valuePath)
    {
        if (string.IsNullOrEmpty(request.Cluster))
        {
            Malformed.Add(new($"{path}.cluster", "A servers operation names the cluster the server belongs to."));
            return null;
        }

        var clusters = Draft(EntityCollections.Clusters);
        if (!clusters.TryGetValue(request.Cluster, out var found))
        {
            Unprocessable.Add(new($"clusters[{request.Cluster}]", $"There is no cluster with id '{request.Cluster}'."));
            return null;
        }

        var cluster = (ClusterConfig)found;
        var serverPath = $"clusters[{cluster.Id}].servers";
        ClusterConfig changed;
        switch (request.Op)
        {
            case "create":
                {
                    if (Value(request, valuePath) is not { } value || ServerEntities.Parse(value, valuePath, Malformed) is not { } server)
                    {
                        return null;
                    }

                    if (ServerEntities.Find(cluster, server.Id) is not null)
                    {
                        Unprocessable.Add(new($"{serverPath}[{server.Id}]", $"Cluster '{cluster.Id}' already has a server with id '{server.Id}'; replace or patch it instead, or choose another id."));
                        return null;
                    }

                    changed = ServerEntities.With(cluster, server);
                    break;
                }

            case "replace" or "patch":
                {
                    if (ExistingServer(cluster, request, path, serverPath) is not { } current || Value(request, valuePath) is not { } value)
                    {
                        return null;
                    }

                    var json = request.Op == "patch" ? (JsonObject)JsonMergePatch.Apply(ServerEntities.ToJson(current), value)! : (JsonObject)value.DeepClone();
                    if (!KeepsId(json, current.Id, valuePath) || ServerEntities.Parse(json, valuePath, Malformed) is not { } server)
                    {
                        return null;
                    }

                    changed = ServerEntities.With(cluster, server);
                    break;
                }

            case "delete":
                {
                    if (ExistingServer(cluster, request, path, serverPath) is not { } current)
                    {
                        return null;
                    }

                    changed = ServerEntities.Without(cluster, current.Id);
                    break;
                }

            default:
                Malformed.Add(new($"{path}.op", $"There is no operation '{request.Op}'; use create, replace, patch or delete."));
                return null;
        }

        clusters[cluster.Id] = changed;
        return ConfigOperation.Update(changed);
    }

    private Dictionary<string, object> Draft(IEntityCollection collection)
    {
        if (!_draft.TryGetValue(collection.Name, out var entities))
        {
            var items = collection.Items(document);
            entities = new Dictionary<string, object>(items.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                entities.TryAdd(collection.IdOf(item), item);
            }

            _draft[collection.Name] = entities;
        }

        return entities;
    }

    private JsonObject? Value(OperationRequest request, string valuePath)
    {
        if (request.Value is null)
        {
            Malformed.Add(new(valuePath, $"A {request.Op} operation needs a value: {(request.Op == "patch" ? "the fields to change" : "the whole entity")}."));
        }

        return request.Value;
    }

    private object? Existing(Dictionary<string, object> entities, string collection, string noun, OperationRequest request, string path)
    {
        if (string.IsNullOrEmpty(request.Id))
        {
            Malformed.Add(new($"{path}.id", $"A {request.Op} operation names the id of the {noun}."));
            return null;
        }

        if (!entities.TryGetValue(request.Id, out var current))
        {
            Unprocessable.Add(new($"{collection}[{request.Id}]", $"There is no {noun} with id '{request.Id}' to {request.Op}."));
        }

        return current;
    }

    private ServerConfig? ExistingServer(ClusterConfig cluster, OperationRequest request, string path, string serverPath)
    {
        if (string.IsNullOrEmpty(request.Id))
        {
            Malformed.Add(new($"{path}.id", $"A {request.Op} operation names the id of the server."));
            return null;
        }

        var current = ServerEntities.Find(cluster, request.Id);
        if (current is null)
        {
            Unprocessable.Add(new($"{serverPath}[{request.Id}]", $"Cluster '{cluster.Id}' has no server with id '{request.Id}' to {request.Op}."));
        }

        return current;
    }

    /// <summary>Fills in a missing id; refuses a different one (an id is not renamed in place).</summary>
    private bool KeepsId(JsonObject json, string id, string valuePath)
    {
        if (json["id"] is null)
        {
            json["id"] = id;
            return true;
        }

        if (json["id"] is JsonValue given && given.TryGetValue<string>(out var text) && text.Equals(id, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Malformed.Add(new($"{valuePath}.id", $"The id is '{id}' and cannot be changed here; create the entity under its new id and delete the old one."));
        return false;
    }
}
