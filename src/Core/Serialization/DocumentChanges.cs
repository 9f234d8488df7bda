using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Core.Configuration;

namespace Gateway.Core.Serialization;

/// <summary>What changed between two documents, entity by entity, in canonical JSON terms.</summary>
public static class DocumentChanges
{
    /// <summary>The entity collections of a document, in canonical order.</summary>
    public static IReadOnlyList<string> Collections { get; } = ["listeners", "routes", "clusters", "maps", "certificates", "stickTables"];

    /// <summary>Every added, removed or changed entity, with its before and after images and the fields that differ.</summary>
    /// <remarks>An entity that is the same instance in both documents is unchanged without being compared, so
    /// a small change to a large document costs little.</remarks>
    public static IReadOnlyList<EntityChange> Between(GatewayConfig before, GatewayConfig after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<EntityChange>();
        Compare(before.Listeners, after.Listeners, l => l.Id, l => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(l), DocumentJsonContext.Default.ListenerJson)!.AsObject(), "listeners", changes);
        Compare(before.Routes, after.Routes, r => r.Id, r => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(r), DocumentJsonContext.Default.RouteJson)!.AsObject(), "routes", changes);
        Compare(before.Clusters, after.Clusters, c => c.Id, c => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(c), DocumentJsonContext.Default.ClusterJson)!.AsObject(), "clusters", changes);
        Compare(before.Maps, after.Maps, m => m.Id, m => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(m), DocumentJsonContext.Default.MapJson)!.AsObject(), "maps", changes);
        Compare(before.Certificates, after.Certificates, c => c.Id, c => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(c), DocumentJsonContext.Default.CertificateJson)!.AsObject(), "certificates", changes);
        Compare(before.StickTables, after.StickTables, t => t.Id, t => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(t), DocumentJsonContext.Default.StickTableJson)!.AsObject(), "stickTables", changes);
        return changes;
    }

    private static void Compare<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> id, Func<T, JsonObject> toNode, string collection, List<EntityChange> changes)
        where T : class
    {
        var old = ById(before, id);
        var @new = ById(after, id);
        foreach (var key in old.Keys.Union(@new.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            old.TryGetValue(key, out var was);
            @new.TryGetValue(key, out var now);
            if (ReferenceEquals(was, now))
            {
                continue;
            }

            var wasNode = was is null ? null : toNode(was);
            var nowNode = now is null ? null : toNode(now);
            var fields = new List<string>();
            ChangedFields(wasNode, nowNode, "", fields);
            if (wasNode is null || nowNode is null || fields.Count > 0 || !string.Equals(id(was!), id(now!), StringComparison.Ordinal))
            {
                var kind = wasNode is null ? ChangeKind.Added : nowNode is null ? ChangeKind.Removed : ChangeKind.Changed;
                changes.Add(new EntityChange(collection, now is null ? id(was!) : id(now), kind, wasNode, nowNode, kind == ChangeKind.Changed ? fields : [])
                {
                    Note = collection == "stickTables" && kind == ChangeKind.Changed && fields.Any(f => f is "type" or "store" or "shared" || f.StartsWith("store", StringComparison.Ordinal))
                        ? StickTableResetNote
                        : null,
                });
            }
        }
    }

    private static Dictionary<string, T> ById<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var result = new Dictionary<string, T>(items.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            result.TryAdd(id(item), item);
        }

        return result;
    }

    /// <summary>The note of a stick-table change that starts a new table.</summary>
    public const string StickTableResetNote = "A new key type or store set, or sharing turned on or off, starts a new, empty table: the entries counted so far are dropped.";

    /// <summary>"2 added, 1 changed" style summary of a change list.</summary>
    public static string Summarize(IReadOnlyList<EntityChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return "no changes";
        }

        var parts = new List<string>(3);
        foreach (var (kind, word) in new[] { (ChangeKind.Added, "added"), (ChangeKind.Changed, "changed"), (ChangeKind.Removed, "removed") })
        {
            var count = changes.Count(c => c.Kind == kind);
            if (count > 0)
            {
                parts.Add($"{count} {word}");
            }
        }

        return string.Join(", ", parts);
    }

    private static Dictionary<string, JsonObject> ById(JsonNode? array)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in array?.AsArray() ?? [])
        {
            var entity = item!.AsObject();
            result[Id(entity)] = entity;
        }

        return result;
    }

    private static string Id(JsonObject entity) => entity["id"]!.GetValue<string>();

    /// <summary>Field paths that differ: <c>address</c>, <c>servers[s1].state</c>, <c>hosts</c>, <c>entries</c> (a map's entries, which have no ids, differ as a whole).</summary>
    private static void ChangedFields(JsonNode? was, JsonNode? now, string prefix, List<string> fields)
    {
        if (was is JsonObject a && now is JsonObject b)
        {
            foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
            {
                var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                var x = a[name];
                var y = b[name];
                if (x is JsonArray xs && y is JsonArray ys && IsEntityList(xs) && IsEntityList(ys))
                {
                    var xById = ById(xs);
                    var yById = ById(ys);
                    foreach (var id in xById.Keys.Union(yById.Keys, StringComparer.OrdinalIgnoreCase))
                    {
                        xById.TryGetValue(id, out var xi);
                        yById.TryGetValue(id, out var yi);
                        if (xi is null || yi is null)
                        {
                            fields.Add($"{path}[{id}]");
                        }
                        else
                        {
                            ChangedFields(xi, yi, $"{path}[{id}]", fields);
                        }
                    }
                }
                else if (!JsonNode.DeepEquals(x, y))
                {
                    fields.Add(path);
                }
            }
        }
        else if (!JsonNode.DeepEquals(was, now))
        {
            fields.Add(prefix);
        }
    }

    private static bool IsEntityList(JsonArray array) => array.All(i => i is JsonObject o && o.ContainsKey("id"));
}

public enum ChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>One entity that differs between two documents.</summary>
/// <param name="Collection"><c>listeners</c>, <c>routes</c>, <c>clusters</c>, <c>maps</c>, <c>certificates</c> or <c>stickTables</c>.</param>
/// <param name="Id">The entity's id.</param>
/// <param name="Kind">Added, changed or removed.</param>
/// <param name="Before">The entity before (null when added), as canonical JSON.</param>
/// <param name="After">The entity after (null when removed), as canonical JSON.</param>
/// <param name="Fields">For a change, the field paths that differ.</param>
public sealed record EntityChange(string Collection, string Id, ChangeKind Kind, JsonObject? Before, JsonObject? After, IReadOnlyList<string> Fields)
{
    /// <summary>What the change does beyond its fields, in words: a stick table whose key type or store changes starts empty.</summary>
    public string? Note { get; init; }
}
