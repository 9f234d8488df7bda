using Gateway.Core.Configuration;
using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Compilation;

/// <summary>
/// What compiling rules needs from the rest of the document: maps, cluster names, the fetch
/// catalog. One context serves every scope of a snapshot, so each map is compiled once per method.
/// </summary>
public sealed class RuleCompileContext
{
    private readonly Dictionary<string, MapConfig> _maps;
    private readonly HashSet<string> _clusters;
    private readonly Dictionary<(string, string), MapTable> _mapTables = [];
    private readonly Dictionary<string, StickTableSchema?> _stickTables = new(StringComparer.OrdinalIgnoreCase);

    public RuleCompileContext(IEnumerable<MapConfig> maps, IEnumerable<string> clusters, FetchCatalog? fetches = null, IEnumerable<StickTableConfig>? stickTables = null)
    {
        foreach (var table in stickTables ?? [])
        {
            // A table whose definition has errors is known by name (its own errors are reported where it is defined).
            _stickTables.TryAdd(table.Id, StickTableSchema.TryCreate(table, []));
        }

        _maps = maps.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _clusters = new(clusters, StringComparer.OrdinalIgnoreCase);
        Fetches = fetches ?? FetchCatalog.Default;
    }

    public static RuleCompileContext For(GatewayConfig config, FetchCatalog? fetches = null) =>
        new(config.Maps, config.Clusters.Select(c => c.Id), fetches, config.StickTables);

    public FetchCatalog Fetches { get; }

    public bool HasCluster(string id) => _clusters.Contains(id);

    public IEnumerable<string> Clusters => _clusters;

    /// <summary>The stick table a rule names; null when it is defined but has errors of its own.</summary>
    /// <exception cref="RuleCompileException">No table has this id.</exception>
    internal StickTableSchema? StickTable(string id)
    {
        if (_stickTables.TryGetValue(id, out var schema))
        {
            return schema;
        }

        var names = string.Join(", ", _stickTables.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
        throw new RuleCompileException(
            $"There is no stick table '{id}'; {(_stickTables.Count == 0 ? "no stick tables are defined" : "known tables: " + names)}.",
            found: id,
            expected: _stickTables.Count == 0 ? "a stick table defined in the configuration" : names);
    }

    internal MapTable Map(string id, string method)
    {
        if (!_maps.TryGetValue(id, out var map))
        {
            var names = string.Join(", ", _maps.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
            var known = _maps.Count == 0 ? "no maps are defined" : "known maps: " + names;
            throw new RuleCompileException($"There is no map '{id}'; {known}.", found: id, expected: _maps.Count == 0 ? "a map defined in the configuration" : names);
        }

        if (!_mapTables.TryGetValue((map.Id, method), out var table))
        {
            _mapTables[(map.Id, method)] = table = new MapTable(map, method);
        }

        return table;
    }
}
