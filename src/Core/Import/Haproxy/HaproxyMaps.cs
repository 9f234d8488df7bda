using System.Text.RegularExpressions;
using Gateway.Core.Configuration;

namespace Gateway.Core.Import.Haproxy;

/// <summary>
/// <c>map(file)</c> and its variants name a file in HAProxy and a map of the document here: each file
/// that can be read becomes a map (one entry per line: key, whitespace, value), and the rule names it.
/// </summary>
internal sealed partial class HaproxyMaps(HaproxyImportOptions options, List<HaproxyImportNote> notes)
{
    private readonly Dictionary<string, MapConfig> _byPath = new(StringComparer.Ordinal);

    public IReadOnlyList<MapConfig> Configs => [.. _byPath.Values];

    /// <summary>The rule text with each readable map file replaced by its map's id; unreadable ones are left (the rule is then refused and reported).</summary>
    public string Rewrite(string text, HaproxyLine line) => MapCall().Replace(text, match =>
    {
        var path = match.Groups["file"].Value;
        if (Load(path, line) is not { } map)
        {
            return match.Value;
        }

        return match.Groups["head"].Value + map.Id;
    });

    private MapConfig? Load(string path, HaproxyLine line)
    {
        if (_byPath.TryGetValue(path, out var known))
        {
            return known;
        }

        if (!path.StartsWith('/'))
        {
            return null; // already a map name
        }

        var text = options.ReadFile(path);
        if (text is null)
        {
            notes.Add(new(line.Number, line.Text, $"The map file '{path}' could not be read (missing, or outside the directories imports may read); add it as a map of the document."));
            return null;
        }

        var entries = new List<MapEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var entry = raw.Trim();
            if (entry.Length == 0 || entry.StartsWith('#'))
            {
                continue;
            }

            var space = entry.IndexOfAny([' ', '\t']);
            entries.Add(space < 0 ? new MapEntry(entry, "") : new MapEntry(entry[..space], entry[space..].Trim()));
        }

        var id = HaproxyValues.Id(Path.GetFileNameWithoutExtension(path));
        while (_byPath.Values.Any(m => m.Id.Equals(id, StringComparison.OrdinalIgnoreCase)))
        {
            id += "-2";
        }

        var map = new MapConfig { Id = id, Entries = entries };
        _byPath[path] = map;
        return map;
    }

    [GeneratedRegex(@"(?<head>\bmap(_[a-z]+)?\()(?<file>[^,)]+)")]
    private static partial Regex MapCall();
}
