using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Store;

/// <summary>
/// Applies operations to a document in memory. Refuses what an operation cannot mean (creating an
/// id that exists, updating or deleting one that does not, deleting something still referenced);
/// everything else about the result is for the validator to judge.
/// </summary>
internal static class OperationApplier
{
    public static GatewayConfig Apply(GatewayConfig document, IReadOnlyList<ConfigOperation> operations, List<ValidationError> errors)
    {
        foreach (var operation in operations)
        {
            document = operation.Type == OperationType.Replace ? operation.Document! : operation.Kind switch
            {
                EntityKind.Listener => document with { Listeners = Change(document.Listeners, l => l.Id, operation, "listeners", errors, document) },
                EntityKind.Route => document with { Routes = Change(document.Routes, r => r.Id, operation, "routes", errors, document) },
                _ => document with { Clusters = Change(document.Clusters, c => c.Id, operation, "clusters", errors, document) },
            };
        }

        return document;
    }

    private static IReadOnlyList<T> Change<T>(IReadOnlyList<T> items, Func<T, string> id, ConfigOperation operation, string collection, List<ValidationError> errors, GatewayConfig document)
    {
        var path = $"{collection}[{operation.Id}]";
        var noun = collection[..^1];
        var index = FindIndex(items, id, operation.Id);
        switch (operation.Type)
        {
            case OperationType.Create when index >= 0:
                errors.Add(new(path, $"A {noun} with id '{operation.Id}' already exists; update it instead, or choose another id."));
                return items;
            case OperationType.Create:
                return [.. items, (T)operation.Entity!];
            case OperationType.Update or OperationType.Delete when index < 0:
                errors.Add(new(path, $"There is no {noun} with id '{operation.Id}' to {(operation.Type == OperationType.Update ? "update" : "delete")}."));
                return items;
            case OperationType.Update:
                return [.. items.Select((item, i) => i == index ? (T)operation.Entity! : item)];
            default:
                if (ReferencedBy(document, operation.Kind, operation.Id) is { Count: > 0 } users)
                {
                    var names = string.Join(", ", users.Select(u => $"\"{u}\""));
                    errors.Add(new(path, $"{char.ToUpperInvariant(noun[0])}{noun[1..]} \"{operation.Id}\" is used by {(users.Count == 1 ? "route" : "routes")} {names}; change or delete {(users.Count == 1 ? "it" : "them")} first."));
                    return items;
                }

                return [.. items.Where((_, i) => i != index)];
        }
    }

    private static List<string> ReferencedBy(GatewayConfig document, EntityKind kind, string id) => kind switch
    {
        EntityKind.Cluster => [.. document.Routes.Where(r => string.Equals(r.Cluster, id, StringComparison.OrdinalIgnoreCase)).Select(r => r.Id)],
        EntityKind.Listener => [.. document.Routes.Where(r => r.Listeners.Contains(id, StringComparer.OrdinalIgnoreCase)).Select(r => r.Id)],
        _ => [],
    };

    private static int FindIndex<T>(IReadOnlyList<T> items, Func<T, string> id, string wanted)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (string.Equals(id(items[i]), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
