using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Admin.Store;

/// <summary>
/// Applies operations to a document in memory. Refuses what an operation cannot mean (creating an
/// id that exists, updating or deleting one that does not, deleting something still referenced);
/// everything else about the result is for the validator to judge. Linear in the number of
/// operations plus the size of the document, so large batches stay cheap.
/// </summary>
internal static class OperationApplier
{
    public static GatewayConfig Apply(GatewayConfig document, IReadOnlyList<ConfigOperation> operations, List<ValidationError> errors)
    {
        var listeners = new EntityList<ListenerConfig>(document.Listeners, l => l.Id, "listener");
        var routes = new EntityList<RouteConfig>(document.Routes, r => r.Id, "route");
        var clusters = new EntityList<ClusterConfig>(document.Clusters, c => c.Id, "cluster");
        var maps = new EntityList<MapConfig>(document.Maps, m => m.Id, "map");
        var certificates = new EntityList<CertificateConfig>(document.Certificates, c => c.Id, "certificate");
        var stickTables = new EntityList<StickTableConfig>(document.StickTables, t => t.Id, "stickTable");
        foreach (var operation in operations)
        {
            if (operation.Type == OperationType.Replace)
            {
                listeners = new(operation.Document!.Listeners, l => l.Id, "listener");
                routes = new(operation.Document.Routes, r => r.Id, "route");
                clusters = new(operation.Document.Clusters, c => c.Id, "cluster");
                maps = new(operation.Document.Maps, m => m.Id, "map");
                certificates = new(operation.Document.Certificates, c => c.Id, "certificate");
                stickTables = new(operation.Document.StickTables, t => t.Id, "stickTable");
                continue;
            }

            switch (operation.Kind)
            {
                case EntityKind.Listener:
                    listeners.Apply(operation, () => Users("route", routes.Where(r => r.Listeners.Contains(operation.Id, StringComparer.OrdinalIgnoreCase)), r => r.Id), errors);
                    break;
                case EntityKind.Route:
                    routes.Apply(operation, () => [], errors);
                    break;
                case EntityKind.Map:
                    // Rules name maps in their text; checking that a named map exists belongs to the rules' validation.
                    maps.Apply(operation, () => [], errors);
                    break;
                case EntityKind.StickTable:
                    // Rules name tables in their text; the rules' validation reports a table that is gone.
                    stickTables.Apply(operation, () => [], errors);
                    break;
                case EntityKind.Certificate:
                    certificates.Apply(operation, () => Users("listener", listeners.Where(l => l.Certificates.Contains(operation.Id, StringComparer.OrdinalIgnoreCase)), l => l.Id), errors);
                    break;
                default:
                    clusters.Apply(operation, () =>
                        [.. Users("route", routes.Where(r => string.Equals(r.Cluster, operation.Id, StringComparison.OrdinalIgnoreCase)), r => r.Id),
                         .. Users("listener", listeners.Where(l => string.Equals(l.DefaultCluster, operation.Id, StringComparison.OrdinalIgnoreCase)), l => l.Id)], errors);
                    break;
            }
        }

        return new GatewayConfig { Listeners = listeners.ToList(Canonical), Routes = routes.ToList(Canonical), Clusters = clusters.ToList(Canonical), Maps = maps.ToList(m => m), Certificates = certificates.ToList(c => c), StickTables = stickTables.ToList(t => t) };
    }

    private static IEnumerable<(string Noun, string Id)> Users<T>(string noun, IEnumerable<T> users, Func<T, string> id) => users.Select(u => (noun, id(u)));

    // Rules text goes live spelled as the revision stores it, so a restart reads back the same document.
    private static ListenerConfig Canonical(ListenerConfig l) => RulesText.Normalize(l.Rules) is var rules && rules == l.Rules ? l : l with { Rules = rules };

    private static RouteConfig Canonical(RouteConfig r) => RulesText.Normalize(r.Rules) is var rules && rules == r.Rules ? r : r with { Rules = rules };

    private static ClusterConfig Canonical(ClusterConfig c) => RulesText.Normalize(c.Rules) is var rules && rules == c.Rules ? c : c with { Rules = rules };

    /// <summary>A collection of entities with an index by id; deleted slots are dropped at the end.</summary>
    private sealed class EntityList<T>(IReadOnlyList<T> items, Func<T, string> id, string noun)
        where T : class
    {
        // The collection's name in paths ("stickTables[per_ip]"), and the words messages say ("stick table").
        private string Words => noun == "stickTable" ? "stick table" : noun;

        private readonly List<T?> _items = [.. items];
        private readonly Dictionary<string, int> _index = Index(items, id);

        public void Apply(ConfigOperation operation, Func<IEnumerable<(string Noun, string Id)>> referencedBy, List<ValidationError> errors)
        {
            var path = $"{noun}s[{operation.Id}]";
            var exists = _index.TryGetValue(operation.Id, out var slot);
            switch (operation.Type)
            {
                case OperationType.Create when exists:
                    // At the id, so a form shows it next to its Id field (as it does for a server's).
                    errors.Add(new($"{path}.id", $"A {Words} with id '{operation.Id}' already exists; update it instead, or choose another id."));
                    break;
                case OperationType.Create:
                    _index[operation.Id] = _items.Count;
                    _items.Add((T)operation.Entity!);
                    break;
                case OperationType.Update or OperationType.Delete when !exists:
                    errors.Add(new(path, $"There is no {Words} with id '{operation.Id}' to {(operation.Type == OperationType.Update ? "update" : "delete")}."));
                    break;
                case OperationType.Update:
                    _items[slot] = (T)operation.Entity!;
                    break;
                default:
                    var users = referencedBy().ToList();
                    if (users.Count > 0)
                    {
                        var names = string.Join(" and ", users.GroupBy(u => u.Noun).Select(g =>
                            $"{g.Key}{(g.Count() == 1 ? "" : "s")} {string.Join(", ", g.Select(u => $"\"{u.Id}\""))}"));
                        errors.Add(new(path, $"{char.ToUpperInvariant(Words[0])}{Words[1..]} \"{operation.Id}\" is used by {names}; change or delete {(users.Count == 1 ? "it" : "them")} first."));
                        break;
                    }

                    _items[slot] = null;
                    _index.Remove(operation.Id);
                    break;
            }
        }

        public IEnumerable<T> Where(Func<T, bool> predicate) => _items.OfType<T>().Where(predicate);

        public IReadOnlyList<T> ToList(Func<T, T> canonical) => [.. _items.OfType<T>().Select(canonical)];

        private static Dictionary<string, int> Index(IReadOnlyList<T> items, Func<T, string> id)
        {
            var index = new Dictionary<string, int>(items.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < items.Count; i++)
            {
                index.TryAdd(id(items[i]), i);
            }

            return index;
        }
    }
}
