using Gateway.Admin.Store.Rows;

namespace Gateway.Admin.Store;

/// <summary>
/// Where revisions keep their documents. A revision's <c>document</c> column holds the whole canonical document only
/// for revisions written before compact storage (and stays readable as such); since then it is empty and the document
/// is in <c>revision_documents</c>: a compressed checkpoint at least every <see cref="CheckpointInterval"/> revisions,
/// and otherwise a compressed line patch against the previous revision. Reading revision N replays at most
/// <see cref="CheckpointInterval"/> − 1 patches from the checkpoint at or before it, so every revision reads back
/// exactly as committed (a patch that would not is never written: <see cref="LinePatch.Create"/> checks it).
/// </summary>
internal static class RevisionDocuments
{
    public const int CheckpointInterval = 32;

    /// <summary>Adds the stored form of revision <paramref name="number"/>, whose document is <paramref name="canonical"/>; <paramref name="previous"/> is revision <paramref name="number"/> − 1's.</summary>
    public static void Add(GatewayStoreContext db, long number, string? previous, string canonical)
    {
        var patch = previous is null || !HasCheckpointWithin(db, number) ? null : LinePatch.Create(previous, canonical);

        // A patch nearly as large as the document (an import that replaced most of it) is worth a checkpoint instead.
        var row = patch is not null && patch.Length < canonical.Length / 4
            ? new RevisionDocumentRow { Number = number, Kind = RevisionDocumentRow.Delta, Data = DocumentCompression.Compress(patch) }
            : new RevisionDocumentRow { Number = number, Kind = RevisionDocumentRow.Full, Data = DocumentCompression.Compress(canonical) };
        db.RevisionDocuments.Add(row);
    }

    /// <summary>
    /// The canonical document of revision <paramref name="number"/>; null when there is no such revision, or when its
    /// document was pruned by the retention policy (<see cref="IsPruned"/> tells which).
    /// </summary>
    public static string? Read(GatewayStoreContext db, long number)
    {
        var inline = db.Revisions.Where(r => r.Number == number).Select(r => r.Document).SingleOrDefault();
        if (inline is null)
        {
            return null;
        }

        if (inline.Length > 0)
        {
            return inline;
        }

        var checkpoint = db.RevisionDocuments.Where(d => d.Kind == RevisionDocumentRow.Full && d.Number <= number).Max(d => (long?)d.Number);
        if (checkpoint is null)
        {
            return null;
        }

        var rows = db.RevisionDocuments.Where(d => d.Number >= checkpoint && d.Number <= number).OrderBy(d => d.Number).ToList();
        if (rows.Count != number - checkpoint + 1)
        {
            return null;
        }

        var text = DocumentCompression.Decompress(rows[0].Data);
        foreach (var row in rows.Skip(1))
        {
            text = row.Kind == RevisionDocumentRow.Full ? DocumentCompression.Decompress(row.Data) : LinePatch.Apply(text, DocumentCompression.Decompress(row.Data));
        }

        return text;
    }

    /// <summary>Whether revision <paramref name="number"/> exists but its document is no longer kept.</summary>
    public static bool IsPruned(GatewayStoreContext db, long number) =>
        db.Revisions.Any(r => r.Number == number) && !db.RevisionDocuments.Any(d => d.Number == number)
        && db.Revisions.Where(r => r.Number == number).Select(r => r.Document).Single().Length == 0;

    // A patch is only written when a checkpoint at most CheckpointInterval - 1 revisions back starts its chain.
    private static bool HasCheckpointWithin(GatewayStoreContext db, long number) =>
        db.RevisionDocuments.Any(d => d.Kind == RevisionDocumentRow.Full && d.Number > number - CheckpointInterval && d.Number < number);
}
