using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Services.Conflicts;

/// <summary>
/// Re-applies staged operations onto a newer revision. An operation carries whole entities, so
/// re-applying one to an entity someone else changed would overwrite their change without a word:
/// such operations, and any that no longer apply (an id taken, a thing gone), are left out and
/// reported, never forced. Whether the result as a whole is valid is for the preview to say.
/// </summary>
internal static class ConflictRebase
{
    public static RebasePlan Plan(GatewayConfig baseDocument, StoredDocument latest, IReadOnlyList<ConfigOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(baseDocument);
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(operations);
        var changed = DocumentChanges.Between(baseDocument, latest.Document)
            .ToDictionary(c => OperationText.Entity(c.Collection, c.Id), c => c.Kind, StringComparer.OrdinalIgnoreCase);
        var document = latest.Document;
        var kept = new List<ConfigOperation>();
        var skipped = new List<SkippedOperation>();
        foreach (var operation in operations)
        {
            if (Overlap(operation, changed) is { } reason)
            {
                skipped.Add(new(operation, reason));
                continue;
            }

            var errors = new List<ValidationError>();
            var next = OperationApplier.Apply(document, [operation], errors);
            if (errors.Count > 0)
            {
                skipped.Add(new(operation, errors[0].Message));
                continue;
            }

            kept.Add(operation);
            document = next;
        }

        return new RebasePlan(latest.Revision, document, kept, skipped);
    }

    private static string? Overlap(ConfigOperation operation, Dictionary<string, ChangeKind> changed)
    {
        if (operation.Type == OperationType.Replace)
        {
            return changed.Count == 0 ? null : $"It replaces the whole configuration, and {changed.Count} {(changed.Count == 1 ? "entity was" : "entities were")} changed by the newer commits.";
        }

        var entity = OperationText.Entity(operation);
        return changed.TryGetValue(entity, out var kind)
            ? $"The newer commits {(kind == ChangeKind.Added ? "added" : kind == ChangeKind.Removed ? "removed" : "changed")} {entity} too; make this change again on the live version."
            : null;
    }
}

/// <summary>The staged operations re-applied onto <see cref="BaseRevision"/>: those kept, in order, the document they make, and those left out with why.</summary>
internal sealed record RebasePlan(long BaseRevision, GatewayConfig Document, IReadOnlyList<ConfigOperation> Kept, IReadOnlyList<SkippedOperation> Skipped)
{
    public bool IsClean => Skipped.Count == 0;
}

internal sealed record SkippedOperation(ConfigOperation Operation, string Reason)
{
    public string Description => OperationText.Describe(Operation);
}
