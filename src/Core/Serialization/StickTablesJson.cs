using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Gateway.Core.Validation;

namespace Gateway.Core.Serialization;

/// <summary>A stick table to and from its JSON shape. Expiry is written in HAProxy's time format, as the store's periods are.</summary>
internal static class StickTablesJson
{
    public static StickTableJson ToWire(StickTableConfig t) => new(
        t.Id,
        t.Type == StickKeyType.Address ? null : TypeName(t.Type),
        t.Size,
        t.Expire is { } expire ? HaproxyTime.Format(expire) : null,
        t.Store.ToList() is { Count: > 0 } store ? store : null,
        t.Shared ? true : null);

    public static StickTableConfig FromWire(StickTableJson t, string path, List<ValidationError> errors) => new()
    {
        Id = t.Id,
        Type = t.Type switch
        {
            null or "ip" => StickKeyType.Address,
            "integer" => StickKeyType.Number,
            "string" => StickKeyType.Text,
            "binary" => StickKeyType.Binary,
            _ => CanonicalJson.Fail(errors, $"{path}.type", $"'{t.Type}' is not a stick-table type; use ip, integer, string or binary.", StickKeyType.Address),
        },
        Size = t.Size ?? 100_000,
        Expire = ParseExpire(t.Expire, $"{path}.expire", errors),
        Store = t.Store ?? [],
        Shared = t.Shared ?? false,
    };

    public static string TypeName(StickKeyType type) => type switch
    {
        StickKeyType.Number => "integer",
        StickKeyType.Text => "string",
        StickKeyType.Binary => "binary",
        _ => "ip",
    };

    // The document's one duration grammar (a bare number is seconds; 60s, 1m, 00:01:00); exported HAProxy-style (1m).
    private static TimeSpan? ParseExpire(string? text, string path, List<ValidationError> errors) =>
        text is null ? null : CanonicalJson.ParseTimeout(text, path, errors);
}
