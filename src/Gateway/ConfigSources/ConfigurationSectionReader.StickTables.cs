using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Microsoft.Extensions.Configuration;

namespace Gateway.ConfigSources;

internal static partial class ConfigurationSectionReader
{
    /// <summary>
    /// A stick table keyed by its id: <c>"per_ip": { "Type": "ip", "Size": 100000, "Expire": "60s",
    /// "Store": [ "http_req_rate(10s)", "conn_cur" ], "Shared": true }</c>. Expire takes HAProxy's time format or hh:mm:ss.
    /// </summary>
    private static StickTableConfig ReadStickTable(IConfigurationSection s, SectionReader reader)
    {
        var path = $"stickTables[{s.Key}]";
        reader.CheckKeys(s, path, ["Type", "Size", "Expire", "Store", "Shared"]);
        TimeSpan? expire = null;
        if (s["Expire"] is { } text)
        {
            expire = reader.ReadTimeSpan(s, "Expire", $"{path}.expire"); // the document's duration grammar: a bare number is seconds
        }

        return new StickTableConfig
        {
            Id = s.Key,
            Type = s["Type"]?.ToLowerInvariant() switch
            {
                null or "ip" => StickKeyType.Address,
                "integer" => StickKeyType.Number,
                "string" => StickKeyType.Text,
                "binary" => StickKeyType.Binary,
                _ => reader.Fail($"{path}.type", $"'{s["Type"]}' is not a stick-table type; use ip, integer, string or binary.", StickKeyType.Address),
            },
            Size = reader.ReadInt(s, "Size", $"{path}.size") ?? 100_000,
            Expire = expire,
            Store = SectionReader.ReadList(s.GetSection("Store")),
            Shared = reader.ReadBool(s, "Shared", $"{path}.shared") ?? false,
        };
    }
}
