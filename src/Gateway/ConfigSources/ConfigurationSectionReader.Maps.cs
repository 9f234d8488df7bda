using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.ConfigSources;

internal static partial class ConfigurationSectionReader
{
    private const string MapForms =
        "Maps are keyed by id: write \"hosts\": { \"key\": \"value\", … }, or \"hosts\": [ { \"Key\": …, \"Value\": … }, … ] to keep the order of the entries or to use keys that contain ':'.";

    /// <summary>
    /// A map is keyed by its id like every entity (<c>Gateway:Maps:hosts</c>), in one of two forms:
    /// an object, <c>"hosts": { "a.example": "api" }</c>, for maps whose order does not matter; or
    /// an array, <c>"paths": [ { "Key": "/api", "Value": "api" } ]</c>, which keeps the order written.
    /// The object form cannot keep order: configuration hands keys back sorted (numbers first, then
    /// case-insensitively). It also reads ':' in a key as nesting and folds keys that differ only in case.
    /// </summary>
    private static MapConfig ReadMap(IConfigurationSection s, SectionReader reader)
    {
        var path = $"maps[{s.Key}]";
        if (!string.IsNullOrEmpty(s.Value))
        {
            reader.Fail(path, $"A map holds entries, not a single value. {MapForms}", 0);
        }

        var entries = new List<MapEntry>();
        var (objectForm, arrayForm) = (false, false);
        foreach (var child in s.GetChildren())
        {
            if (child.Value is { } value)
            {
                objectForm = true;
                entries.Add(new(child.Key, value));
            }
            else if (SectionReader.IsIndex(child.Key))
            {
                arrayForm = true;
                entries.Add(ReadMapEntry(child, $"{path}.entries[#{child.Key}]", reader));
            }
            else
            {
                reader.Fail($"{path}.entries[{child.Key}]", $"'{child.Key}' has no value. {MapForms}", 0);
            }
        }

        if (objectForm && arrayForm)
        {
            reader.Fail(path, "This map mixes the object form and the array form; write all of its entries one way.", 0);
        }

        return new MapConfig { Id = s.Key, Entries = entries };
    }

    private static MapEntry ReadMapEntry(IConfigurationSection s, string path, SectionReader reader)
    {
        reader.CheckKeys(s, path, ["Key", "Value"]);
        var key = s["Key"] ?? reader.Fail($"{path}.key", "An entry needs a Key.", "");
        var value = s["Value"] ?? reader.Fail($"{path}.value", "An entry needs a Value; write \"\" for an empty one.", "");
        return new(key, value);
    }
}
