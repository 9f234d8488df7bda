using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// Whether deleting an entity would be refused, and why, asked before offering a Delete button: the same check a commit
/// makes (the store's <see cref="OperationApplier"/>), so a page never offers a deletion that then fails.
/// </summary>
internal static class DeletionCheck
{
    /// <summary>The reason deleting <paramref name="id"/> would be refused (e.g. the routes that use a cluster), or null when it may be deleted.</summary>
    public static string? Refusal(GatewayConfig document, EntityKind kind, string id)
    {
        var errors = new List<ValidationError>();
        OperationApplier.Apply(document, [ConfigOperation.Delete(kind, id)], errors);
        return errors.Count == 0 ? null : string.Join(" ", errors.Select(e => e.Message));
    }
}
