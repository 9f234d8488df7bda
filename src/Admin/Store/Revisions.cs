using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Admin.Store;

/// <summary>A document as of a revision.</summary>
public sealed record StoredDocument(long Revision, GatewayConfig Document);

/// <summary>One line of history.</summary>
public sealed record RevisionSummary(long Number, long? Parent, DateTimeOffset CreatedUtc, string Author, string Message, string Summary);

/// <summary>
/// A whole revision: its history line, the entity changes it made (with before and after images), and its document
/// (null when the retention policy removed it).
/// </summary>
public sealed record Revision(RevisionSummary Info, IReadOnlyList<EntityChange> Changes, string? CanonicalDocument);

/// <summary>The difference between two revisions: entity changes, and a line diff of their canonical documents.</summary>
public sealed record RevisionDiff(long From, long To, IReadOnlyList<EntityChange> Changes, IReadOnlyList<DiffLine> Lines)
{
    public bool IsEmpty => Changes.Count == 0;
}

/// <summary>What a commit would do, computed without writing anything.</summary>
/// <param name="BaseRevision">The revision the operations were applied to.</param>
/// <param name="LatestRevision">The latest revision now; a commit succeeds only while it equals <paramref name="BaseRevision"/>.</param>
/// <param name="Document">The resulting document, unless the operations could not be applied.</param>
/// <param name="Errors">Every problem (empty when a commit would be accepted, staleness aside).</param>
/// <param name="Changes">Entity changes from the base to the result.</param>
/// <param name="Lines">Line diff of the canonical documents.</param>
/// <param name="Snapshot">The compiled result, when valid.</param>
public sealed record CommitPreview(long BaseRevision, long LatestRevision, GatewayConfig? Document, IReadOnlyList<ValidationError> Errors,
    IReadOnlyList<EntityChange> Changes, IReadOnlyList<DiffLine> Lines, Gateway.Model.GatewaySnapshot? Snapshot)
{
    public bool IsValid => Document is not null && Errors.Count == 0;

    public bool IsStale => LatestRevision != BaseRevision;
}

public enum DiffLineKind
{
    Unchanged,
    Added,
    Removed,

    /// <summary>A run of unchanged lines left out (<see cref="LineDiff.Fold"/>): the numbers are its first line's, the text its length.</summary>
    Skipped,
}

/// <param name="Kind">Whether the line is in both, only the newer, or only the older document.</param>
/// <param name="OldNumber">Line number in the older document, when it has the line.</param>
/// <param name="NewNumber">Line number in the newer document, when it has the line.</param>
/// <param name="Text">The line, without its line end.</param>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);
