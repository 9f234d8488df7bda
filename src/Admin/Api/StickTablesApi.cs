using Gateway.Admin.Api.Collections;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store.Accounts;
using Gateway.Core.Serialization;
using Gateway.Core.StickTables;
using Gateway.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>/stick-tables</c>: the tables as entities of the document (same verbs and ETags as the other
/// collections), and their live entries. Entries are runtime state, not configuration: reading and
/// clearing them makes no revision and takes no <c>If-Match</c>; clearing needs the editor role and is logged.
/// </summary>
internal static partial class StickTablesApi
{
    private const int MaxTop = 1000;

    public static void Map(RouteGroupBuilder api)
    {
        var group = EntityEndpoints.Map<StickTableJson>(api, EntityCollections.StickTables);

        group.MapGet("/{id}/entries", IResult (string id, IGatewaySnapshotAccessor snapshots, int? top, string? by, string? key) =>
            {
                if (snapshots.Current.StickTables.Find(id) is not { } table)
                {
                    return NotLive(id);
                }

                var count = top ?? 20;
                if (count < 1 || count > MaxTop)
                {
                    return ApiProblems.Malformed("top", $"top is 1 to {MaxTop}.");
                }

                StickDataType? order = null;
                if (by is not null)
                {
                    // By name (http_req_rate) or as stored (http_req_rate(10s)).
                    var name = by.Split('(')[0];
                    if (!StickDataTypes.TryParse(name, out var type) || !table.Schema.Stores(type))
                    {
                        return ApiProblems.Malformed("by", $"'{by}' is not a data type table '{table.Schema.Id}' stores; use one of {string.Join(", ", table.Schema.Data.Select(d => StickDataTypes.Name(d.Type)))}.");
                    }

                    order = type;
                }

                IReadOnlyList<StickTable.EntryView> entries;
                if (key is not null)
                {
                    if (!StickKey.TryParse(table.Schema.KeyType, key, out var parsed))
                    {
                        return ApiProblems.Malformed("key", $"'{key}' is not a key of table '{table.Schema.Id}' ({StickTablesJsonNames.Type(table)}).");
                    }

                    entries = table.Find(parsed) is { } one ? [one] : [];
                }
                else
                {
                    entries = table.Top(order, count);
                }

                return TypedResults.Json(Describe(table, entries), ApiJson.Options);
            })
            .WithName("list-stick-table-entries").WithSummary("A live table's size and busiest entries (top N by a stored data type), or one entry by key.")
            .Produces<StickTableEntriesInfo>().ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Viewer);

        group.MapDelete("/{id}/entries", IResult (string id, HttpContext context, IGatewaySnapshotAccessor snapshots, ILoggerFactory logs) =>
            {
                if (snapshots.Current.StickTables.Find(id) is not { } table)
                {
                    return NotLive(id);
                }

                var cleared = table.Clear();
                LogCleared(logs.CreateLogger("Gateway.Admin.StickTables"), context.User.Identity?.Name ?? "?", table.Schema.Id, cleared);
                return TypedResults.Json(new StickTableClearInfo(table.Schema.Id, cleared), ApiJson.Options);
            })
            .WithName("clear-stick-table").WithSummary("Removes every entry of a live table (runtime state: no revision, no If-Match).")
            .Produces<StickTableClearInfo>().ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor);

        group.MapDelete("/{id}/entries/{key}", IResult (string id, string key, HttpContext context, IGatewaySnapshotAccessor snapshots, ILoggerFactory logs) =>
            {
                if (snapshots.Current.StickTables.Find(id) is not { } table)
                {
                    return NotLive(id);
                }

                if (!StickKey.TryParse(table.Schema.KeyType, key, out var parsed))
                {
                    return ApiProblems.Malformed("key", $"'{key}' is not a key of table '{table.Schema.Id}' ({StickTablesJsonNames.Type(table)}).");
                }

                if (!table.Remove(parsed))
                {
                    return ApiProblems.NotFound($"Table '{table.Schema.Id}' has no entry '{key}'.");
                }

                LogRemoved(logs.CreateLogger("Gateway.Admin.StickTables"), context.User.Identity?.Name ?? "?", table.Schema.Id, key);
                return TypedResults.NoContent();
            })
            .WithName("delete-stick-table-entry").WithSummary("Removes one entry of a live table (runtime state: no revision, no If-Match).")
            .Produces(StatusCodes.Status204NoContent).ProducesWriteProblems().ProducesProblem(StatusCodes.Status404NotFound).RequireRole(AdminRole.Editor);
    }

    internal static StickTableEntriesInfo Describe(StickTable table, IReadOnlyList<StickTable.EntryView> entries) => new(
        table.Schema.Id,
        StickTablesJsonNames.Type(table),
        table.Schema.Size,
        table.Count,
        table.Evicted,
        table.Expired,
        [.. entries.Select(e => new StickEntryInfo(e.Key, e.Data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal), e.ExpiresIn?.TotalSeconds, e.Tracked))],
        table.Schema.Shared);

    private static ProblemHttpResult NotLive(string id) =>
        ApiProblems.NotFound($"There is no live stick table '{id}'; tables are live once a revision that defines them is committed.");

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} cleared stick table {Table} ({Count} entries).")]
    private static partial void LogCleared(ILogger logger, string user, string table, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} removed entry {Key} of stick table {Table}.")]
    private static partial void LogRemoved(ILogger logger, string user, string table, string key);
}

/// <summary>A table's key type as the document writes it.</summary>
internal static class StickTablesJsonNames
{
    public static string Type(StickTable table) => CanonicalJson.ToWire(new Core.Configuration.StickTableConfig { Id = table.Schema.Id, Type = table.Schema.KeyType }).Type ?? "ip";
}
