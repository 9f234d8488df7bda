using Gateway.Admin.Store;

namespace Gateway.Admin.Ui.Services.Conflicts;

/// <summary>How pages name staged operations and the entities they touch: "update route api", "route api".</summary>
internal static class OperationText
{
    public static string Describe(ConfigOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.Type == OperationType.Replace
            ? "replace the whole configuration"
            : $"{operation.Type.ToString().ToLowerInvariant()} {Entity(operation)}";
    }

    public static string Entity(ConfigOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return $"{(operation.Kind == EntityKind.StickTable ? StickTable : operation.Kind.ToString().ToLowerInvariant())} {operation.Id}";
    }

    /// <summary>An entity of a document collection (<c>routes</c>, as <see cref="Core.Serialization.DocumentChanges"/> names them).</summary>
    public static string Entity(string collection, string id)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return $"{(collection == "stickTables" ? StickTable : collection.EndsWith('s') ? collection[..^1] : collection)} {id}";
    }

    // Both spellings of a stick table (EntityKind.StickTable, the "stickTables" collection) say it the same way, as the
    // rebase matches operations to changes by these words.
    private const string StickTable = "stick table";
}
