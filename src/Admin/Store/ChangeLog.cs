using System.Text.Json.Nodes;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Store;

/// <summary>The operations column of a revision: each entity change with its before and after images.</summary>
internal static class ChangeLog
{
    public static string Serialize(IReadOnlyList<EntityChange> changes)
    {
        var array = new JsonArray();
        foreach (var change in changes)
        {
            array.Add(new JsonObject
            {
                ["op"] = change.Kind switch { ChangeKind.Added => "create", ChangeKind.Removed => "delete", _ => "update" },
                ["collection"] = change.Collection,
                ["id"] = change.Id,
                ["fields"] = new JsonArray([.. change.Fields.Select(f => (JsonNode)f)]),
                ["before"] = change.Before?.DeepClone(),
                ["after"] = change.After?.DeepClone(),
            });
            if (change.Note is not null)
            {
                ((JsonObject)array[^1]!)["note"] = change.Note;
            }
        }

        return array.ToJsonString();
    }

    public static IReadOnlyList<EntityChange> Parse(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(node =>
        {
            var item = node!.AsObject();
            var kind = item["op"]!.GetValue<string>() switch { "create" => ChangeKind.Added, "delete" => ChangeKind.Removed, _ => ChangeKind.Changed };
            return new EntityChange(
                item["collection"]!.GetValue<string>(),
                item["id"]!.GetValue<string>(),
                kind,
                item["before"]?.DeepClone().AsObject(),
                item["after"]?.DeepClone().AsObject(),
                [.. item["fields"]!.AsArray().Select(f => f!.GetValue<string>())])
            {
                Note = item["note"]?.GetValue<string>(),
            };
        })];
}
