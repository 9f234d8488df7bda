using Gateway.Core.Serialization;

namespace Gateway.Admin.Ui.Services;

/// <summary>What a staged stick-table change does to the entries counted so far, in words.</summary>
/// <param name="Id">The table's id.</param>
/// <param name="DropsEntries">True when committing starts the table empty (a new key type or store set, or a deletion).</param>
internal sealed record StickTableChangeNote(string Id, bool DropsEntries, string Text);

/// <summary>
/// The stick-table changes among a preview's or a person's staged changes, said for people: which tables start empty and
/// which keep their entries. Whether a change starts a new table is <see cref="DocumentChanges"/>' to decide (its
/// <see cref="EntityChange.Note"/>, which the API's previews and revisions carry too); this only puts it beside the others.
/// </summary>
internal static class StickTableChangeNotes
{
    public const string Collection = "stickTables";

    public static IReadOnlyList<StickTableChangeNote> From(IEnumerable<EntityChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return [.. changes.Where(c => c.Collection == Collection).Select(Describe).OfType<StickTableChangeNote>()];
    }

    /// <summary>The note for one table, or null when the changes leave it as it is (or add it: a new table has nothing to lose).</summary>
    public static StickTableChangeNote? For(IEnumerable<EntityChange> changes, string id) =>
        From(changes).FirstOrDefault(n => n.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    private static StickTableChangeNote? Describe(EntityChange change) => change.Kind switch
    {
        ChangeKind.Removed => new(change.Id, true, $"Stick table {change.Id} is deleted: its entries are dropped."),
        ChangeKind.Changed when change.Note is { } note => new(change.Id, true, $"Stick table {change.Id} ({string.Join(", ", change.Fields)}): {note}"),
        ChangeKind.Changed => new(change.Id, false, $"Stick table {change.Id} ({string.Join(", ", change.Fields)}): keeps its entries; a new size or expiry applies to them."),
        _ => null,
    };
}
