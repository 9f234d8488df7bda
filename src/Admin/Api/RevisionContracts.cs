using System.Text.Json.Nodes;
using Gateway.Admin.Store;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Api;

/// <summary>One line of history.</summary>
internal sealed record RevisionInfo(long Number, long? Parent, DateTimeOffset CreatedUtc, string Author, string Message, string Summary)
{
    public static RevisionInfo From(RevisionSummary summary) =>
        new(summary.Number, summary.Parent, summary.CreatedUtc, summary.Author, summary.Message, summary.Summary);
}

/// <summary>A page of history, newest first.</summary>
internal sealed record RevisionPage(IReadOnlyList<RevisionInfo> Items, int Page, int PageSize, long Latest);

/// <summary>An entity that differs: <c>kind</c> is added, changed or removed; <c>fields</c> the paths that differ; <c>note</c> what else the change does (a stick table that starts empty).</summary>
internal sealed record EntityChangeInfo(string Collection, string Id, string Kind, IReadOnlyList<string> Fields, JsonObject? Before, JsonObject? After, string? Note = null)
{
    public static EntityChangeInfo From(EntityChange change) => new(
        change.Collection, change.Id, change.Kind.ToString().ToLowerInvariant(), change.Fields, change.Before, change.After, change.Note);
}

/// <summary>A revision with the changes it made and its whole document (null once the retention policy removed it; <c>documentPruned</c> says so).</summary>
internal sealed record RevisionDetail(RevisionInfo Revision, IReadOnlyList<EntityChangeInfo> Changes, JsonNode? Document, bool DocumentPruned = false);

/// <summary>A line of a diff of canonical documents: <c>kind</c> is unchanged, added or removed; or <c>skipped</c> for a run of unchanged lines left out, whose numbers are its first line's and whose text is how many lines it holds.</summary>
internal sealed record DiffLineInfo(string Kind, int? OldNumber, int? NewNumber, string Text)
{
    public static DiffLineInfo From(DiffLine line) => new(line.Kind.ToString().ToLowerInvariant(), line.OldNumber, line.NewNumber, line.Text);
}

/// <summary>
/// The diff of two revisions: every entity change, then one page of the line diff (<c>lines</c>), with unchanged lines
/// further than <c>context</c> from a change folded into <c>skipped</c> lines. <c>linesTotal</c> counts the lines of
/// every page; <c>nextLinesPage</c> is the page to ask for next, null on the last.
/// </summary>
internal sealed record RevisionDiffInfo(long From, long To, IReadOnlyList<EntityChangeInfo> Changes, IReadOnlyList<DiffLineInfo> Lines,
    int Context, int LinesTotal, int LinesPage, int LinesPageSize, int? NextLinesPage);
