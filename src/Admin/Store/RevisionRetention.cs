using System.Globalization;
using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store;

/// <summary>
/// Applies <see cref="RetentionOptions"/>: removes the stored documents of revisions outside every bound set, after
/// making the oldest kept revision a checkpoint so everything from it on still reads back exactly. Revision rows
/// themselves are never deleted (the append-only triggers allow only emptying the <c>document</c> column).
/// </summary>
internal static class RevisionRetention
{
    /// <summary>The first revision whose document the policy keeps, or null when it keeps them all.</summary>
    public static long? KeepFrom(GatewayStoreContext db, RetentionOptions options, DateTimeOffset now)
    {
        if (!options.IsSet)
        {
            return null;
        }

        var latest = db.Revisions.Max(r => (long?)r.Number) ?? 0;
        var bounds = new List<long>();
        if (options.KeepRevisions > 0)
        {
            bounds.Add(Math.Max(1, latest - options.KeepRevisions + 1));
        }

        if (options.KeepDays > 0)
        {
            var cutoff = now.UtcDateTime.AddDays(-options.KeepDays).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            bounds.Add(db.Revisions.Where(r => string.Compare(r.CreatedUtc, cutoff) >= 0).Min(r => (long?)r.Number) ?? latest);
        }

        var keepFrom = Math.Min(bounds.Min(), latest);
        return keepFrom <= 1 ? null : keepFrom;
    }

    /// <summary>Prunes in the caller's transaction; returns how many revisions lost their document.</summary>
    public static int Apply(GatewayStoreContext db, RetentionOptions options, DateTimeOffset now)
    {
        if (KeepFrom(db, options, now) is not { } keepFrom)
        {
            return 0;
        }

        var stale = db.Revisions.Count(r => r.Number < keepFrom && r.Document != "")
            + db.RevisionDocuments.Count(d => d.Number < keepFrom);
        if (stale == 0)
        {
            return 0;
        }

        // The oldest kept revision becomes the start of its own chain.
        var first = db.RevisionDocuments.SingleOrDefault(d => d.Number == keepFrom);
        if (first is { Kind: RevisionDocumentRow.Delta })
        {
            var text = RevisionDocuments.Read(db, keepFrom) ?? throw new InvalidOperationException($"Revision {keepFrom} cannot be read back; nothing was pruned.");
            first.Kind = RevisionDocumentRow.Full;
            first.Data = DocumentCompression.Compress(text);
            db.SaveChanges();
        }

        var pruned = db.Revisions.Count(r => r.Number < keepFrom && (r.Document != "" || db.RevisionDocuments.Any(d => d.Number == r.Number)));
        db.RevisionDocuments.Where(d => d.Number < keepFrom).ExecuteDelete();
        db.Revisions.Where(r => r.Number < keepFrom && r.Document != "").ExecuteUpdate(s => s.SetProperty(r => r.Document, ""));
        return pruned;
    }
}
