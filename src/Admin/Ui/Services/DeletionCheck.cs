using System.Text.RegularExpressions;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// Whether deleting an entity would be refused, and why, asked before offering a Delete button: the same checks staging
/// makes (the store's <see cref="OperationApplier"/>, and for what rules name in their text, the validator), so a page never
/// offers a deletion that then fails.
/// </summary>
internal static partial class DeletionCheck
{
    /// <summary>The reason deleting <paramref name="id"/> would be refused (e.g. the routes that use a cluster), or null when it may be deleted.</summary>
    public static string? Refusal(GatewayConfig document, EntityKind kind, string id)
    {
        var errors = new List<ValidationError>();
        var after = OperationApplier.Apply(document, [ConfigOperation.Delete(kind, id)], errors);
        if (errors.Count > 0)
        {
            return string.Join(" ", errors.Select(e => e.Message));
        }

        // Rules name stick tables in their text (track-sc0 … table per_ip), which the applier does not read; the rules'
        // compilation does, and a rule left naming a deleted table is an error staging would refuse.
        return kind == EntityKind.StickTable ? RulesUsing(document, after, "Stick table", id) : null;
    }

    private static string? RulesUsing(GatewayConfig before, GatewayConfig after, string noun, string id)
    {
        var introduced = PendingChanges.NewErrors(ConfigValidator.Validate(before), ConfigValidator.Validate(after));
        if (introduced.Count == 0)
        {
            return null;
        }

        var places = introduced.Select(Place).Distinct(StringComparer.Ordinal).ToList();
        return $"{noun} \"{id}\" is used by the rules of {string.Join("; ", places)}; change them first (ACLs and rules page).";
    }

    // "listeners[web].rules" at line 2 → "listener web, line 2"; any other path as it is.
    private static string Place(ValidationError error)
    {
        var match = RulesPath().Match(error.Path);
        var where = match.Success ? $"{match.Groups["noun"].Value} {match.Groups["id"].Value}" : error.Path;
        return error.Line is { } line ? $"{where}, line {line}" : where;
    }

    [GeneratedRegex(@"^(?<noun>listener|route|cluster)s\[(?<id>[^\]]+)\]\.rules$")]
    private static partial Regex RulesPath();
}
