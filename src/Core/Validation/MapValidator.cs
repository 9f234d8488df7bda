using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

internal static class MapValidator
{
    public static void Validate(IReadOnlyList<MapConfig> maps, ValidationErrors errors)
    {
        IdRules.Check(maps, m => m.Id, "maps", "map", errors);
        for (var i = 0; i < maps.Count; i++)
        {
            var map = maps[i];
            var path = ValidationErrors.EntityPath("maps", map.Id, i);

            // Keys compare exactly: whether a lookup folds case is up to the rule that uses the map.
            var firstAt = new Dictionary<string, int>(map.Entries.Count, StringComparer.Ordinal);
            for (var j = 0; j < map.Entries.Count; j++)
            {
                var key = map.Entries[j].Key;
                if (!firstAt.TryAdd(key, j))
                {
                    errors.Add($"{path}.entries[#{j}].key", $"The key '{key}' is already the key of entries[#{firstAt[key]}]; a key may appear once in a map, so remove this entry or change its key.");
                }
            }
        }
    }
}
