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
        return $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Id}";
    }

    /// <summary>An entity of a document collection (<c>routes</c>, as <see cref="Core.Serialization.DocumentChanges"/> names them).</summary>
    public static string Entity(string collection, string id)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return $"{(collection.EndsWith('s') ? collection[..^1] : collection)} {id}";
    }
}
