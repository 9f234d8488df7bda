namespace Gateway.Admin.Ui.Services.Conflicts;

/// <summary>
/// How the Pending page names what the staged changes are shown against. The diff is always against the revision they
/// were staged on; after someone else's commit that is no longer the live one, and the page must say so rather than
/// pass the old revision off as live.
/// </summary>
internal sealed record StagedDiffHeading(long BaseRevision, long LatestRevision)
{
    public bool AgainstLive => BaseRevision == LatestRevision;

    public string Title => AgainstLive
        ? $"Difference from revision {BaseRevision} (live)"
        : $"Difference from revision {BaseRevision}, the one your changes were staged on";

    /// <summary>Said under the title when the base is not live any more; null when it is.</summary>
    public string? Note => AgainstLive
        ? null
        : $"Revision {LatestRevision} is live now. This diff does not show what was committed after revision {BaseRevision}; the conflict above says what a rebase onto revision {LatestRevision} keeps and leaves out.";

    /// <summary>The older column of the diff.</summary>
    public string OlderTitle => AgainstLive ? $"Revision {BaseRevision} (live)" : $"Revision {BaseRevision} (not live)";

    /// <summary>The diff table's caption, for screen readers.</summary>
    public string Caption => AgainstLive
        ? $"Pending changes against the live revision {BaseRevision}"
        : $"Pending changes against revision {BaseRevision}, which is no longer live";

    public string StagedTitle(int count) =>
        $"{count} staged {(count == 1 ? "change" : "changes")}{(AgainstLive ? "" : $" on revision {BaseRevision}")}";
}
