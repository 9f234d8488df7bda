using Gateway.Admin.Store;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Ui.Services.Conflicts;

/// <summary>
/// Staged changes whose base is no longer the live revision: someone committed in between. Committing
/// them as they are would be refused (the store checks the base); the operator chooses to rebase them
/// onto the live revision (<see cref="ConflictRebase"/>) or to discard them.
/// </summary>
/// <param name="CommitsSince">The revisions committed after the base, newest first (at most <see cref="ConflictCheck.MaxCommitsListed"/>).</param>
/// <param name="ChangedSince">The entities those revisions changed, taken together.</param>
/// <param name="Overlapping">The entities both they and the staged operations touch ("route api"): the staged operations on these will not be re-applied.</param>
/// <param name="Rebase">What a rebase onto <paramref name="LatestRevision"/> would do now: the operations it keeps, and those it leaves out with why.</param>
internal sealed record PendingConflict(long BaseRevision, long LatestRevision, IReadOnlyList<RevisionSummary> CommitsSince,
    IReadOnlyList<EntityChange> ChangedSince, IReadOnlyList<string> Overlapping, RebasePlan Rebase);

/// <summary>Detects a <see cref="PendingConflict"/>.</summary>
internal static class ConflictCheck
{
    public const int MaxCommitsListed = 20;

    /// <summary>The conflict between staged <paramref name="operations"/> on <paramref name="baseRevision"/> and the store's latest revision; null when there is none.</summary>
    public static PendingConflict? Detect(ConfigStore store, long baseRevision, IReadOnlyList<ConfigOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(operations);
        var latest = store.Read();
        if (latest.Revision == baseRevision)
        {
            return null;
        }

        var based = store.Read(baseRevision)?.Document ?? Core.Configuration.GatewayConfig.Empty;
        var changed = DocumentChanges.Between(based, latest.Document);
        var touched = new HashSet<string>(changed.Select(c => OperationText.Entity(c.Collection, c.Id)), StringComparer.OrdinalIgnoreCase);
        var overlapping = operations.Any(o => o.Type == OperationType.Replace) && changed.Count > 0
            ? [.. touched]
            : operations.Where(o => o.Type != OperationType.Replace).Select(o => OperationText.Entity(o)).Where(touched.Contains).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var since = (int)Math.Clamp(latest.Revision - baseRevision, 0, MaxCommitsListed);
        var commits = since == 0 ? [] : store.History(1, since).Where(r => r.Number > baseRevision).ToList();
        return new PendingConflict(baseRevision, latest.Revision, commits, changed, overlapping, ConflictRebase.Plan(based, latest, operations));
    }
}
