using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Services.Conflicts;

/// <summary>
/// Staged operations told by what they change: "add server b to cluster app", "update cluster app: activityTimeout",
/// rather than "update cluster app" for every edit. Each update is compared, in the canonical JSON shapes, with the
/// entity as the operations before it left it; a field added to a shape later is named without a change here.
/// </summary>
internal static class OperationChanges
{
    public static IReadOnlyList<string> Describe(GatewayConfig baseDocument, IReadOnlyList<ConfigOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var descriptions = new List<string>(operations.Count);
        var document = baseDocument;
        foreach (var operation in operations)
        {
            descriptions.Add(operation.Type == OperationType.Update && Before(document, operation) is { } before && Wire(operation.Entity) is { } after
                ? Update(operation, before, after)
                : OperationText.Describe(operation));
            var ignored = new List<ValidationError>();
            document = OperationApplier.Apply(document, [operation], ignored);
        }

        return descriptions;
    }

    private static JsonObject? Before(GatewayConfig document, ConfigOperation operation) => operation.Kind switch
    {
        EntityKind.Listener => Wire(document.Listeners.FirstOrDefault(l => l.Id.Equals(operation.Id, StringComparison.OrdinalIgnoreCase))),
        EntityKind.Route => Wire(document.Routes.FirstOrDefault(r => r.Id.Equals(operation.Id, StringComparison.OrdinalIgnoreCase))),
        EntityKind.Cluster => Wire(document.Clusters.FirstOrDefault(c => c.Id.Equals(operation.Id, StringComparison.OrdinalIgnoreCase))),
        EntityKind.Map => Wire(document.Maps.FirstOrDefault(m => m.Id.Equals(operation.Id, StringComparison.OrdinalIgnoreCase))),
        EntityKind.StickTable => Wire(document.StickTables.FirstOrDefault(t => t.Id.Equals(operation.Id, StringComparison.OrdinalIgnoreCase))),
        _ => null,
    };

    private static JsonObject? Wire(object? entity) => entity switch
    {
        ListenerConfig l => Node(CanonicalJson.ToWire(l)),
        RouteConfig r => Node(CanonicalJson.ToWire(r)),
        ClusterConfig c => Node(CanonicalJson.ToWire(c)),
        MapConfig m => Node(CanonicalJson.ToWire(m)),
        StickTableConfig t => Node(CanonicalJson.ToWire(t)),
        _ => null,
    };

    private static JsonObject? Node<T>(T wire) => JsonSerializer.SerializeToNode(wire) as JsonObject;

    private static string Update(ConfigOperation operation, JsonObject before, JsonObject after)
    {
        var entity = OperationText.Entity(operation);
        var parts = new List<string>();
        var fields = new List<string>();
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var old = before[name];
            var now = after[name];
            if (JsonNode.DeepEquals(old, now))
            {
                continue;
            }

            if (name == "servers" && operation.Kind == EntityKind.Cluster)
            {
                parts.AddRange(Servers(old as JsonArray, now as JsonArray, entity));
            }
            else
            {
                fields.Add(name);
            }
        }

        if (fields.Count > 0)
        {
            parts.Insert(0, $"update {entity}: {string.Join(", ", fields)}");
        }

        return parts.Count == 0 ? $"update {entity} (no change)" : string.Join("; ", parts);
    }

    private static IEnumerable<string> Servers(JsonArray? before, JsonArray? after, string cluster)
    {
        var old = ById(before);
        var now = ById(after);
        foreach (var (id, server) in now)
        {
            if (!old.TryGetValue(id, out var was))
            {
                yield return $"add server {id} to {cluster}";
            }
            else if (!JsonNode.DeepEquals(was, server))
            {
                var changed = was.Select(p => p.Key).Union(server.Select(p => p.Key)).Where(k => !JsonNode.DeepEquals(was[k], server[k]));
                yield return $"update server {id} of {cluster}: {string.Join(", ", changed)}";
            }
        }

        foreach (var id in old.Keys.Where(id => !now.ContainsKey(id)))
        {
            yield return $"delete server {id} from {cluster}";
        }
    }

    private static Dictionary<string, JsonObject> ById(JsonArray? servers) =>
        (servers ?? []).OfType<JsonObject>().Where(s => s["id"] is not null)
            .ToDictionary(s => s["id"]!.GetValue<string>(), s => s, StringComparer.OrdinalIgnoreCase);
}
