using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;

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
    public static async Task AddAsync(GatewayStoreContext db, long number, string? previous, string canonical, CancellationToken cancellationToken)
    {
        var patch = previous is null || !await HasCheckpointWithinAsync(db, number, cancellationToken) ? null : LinePatch.Create(previous, canonical);

        // A patch nearly as large as the document (an import that replaced most of it) is worth a checkpoint instead.
        var row = patch is not null && patch.Length < canonical.Length / 4
            ? new RevisionDocumentRow { Number = number, Kind = RevisionDocumentRow.Delta, Data = DocumentCompression.Compress(patch) }
            : new RevisionDocumentRow { Number = number, Kind = RevisionDocumentRow.Full, Data = DocumentCompression.Compress(canonical) };
        db.RevisionDocuments.Add(row);
    }

    /// <summary><see cref="AddAsync"/> for the compaction command, which runs on its own.</summary>
    public static void Add(GatewayStoreContext db, long number, string? previous, string canonical) =>
        AddAsync(db, number, previous, canonical, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// The canonical document of revision <paramref name="number"/>; null when there is no such revision, or when its
    /// document was pruned by the retention policy (<see cref="IsPruned"/> tells which).
    /// </summary>
    public static async Task<string?> ReadAsync(GatewayStoreContext db, long number, CancellationToken cancellationToken)
    {
        var inline = await db.Revisions.Where(r => r.Number == number).Select(r => r.Document).SingleOrDefaultAsync(cancellationToken);
        if (inline is null)
        {
            return null;
        }

        if (inline.Length > 0)
        {
            return inline;
        }

        var checkpoint = await db.RevisionDocuments.Where(d => d.Kind == RevisionDocumentRow.Full && d.Number <= number).MaxAsync(d => (long?)d.Number, cancellationToken);
        if (checkpoint is null)
        {
            return null;
        }

        var rows = await db.RevisionDocuments.Where(d => d.Number >= checkpoint && d.Number <= number).OrderBy(d => d.Number).ToListAsync(cancellationToken);
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

    /// <summary>
    /// <see cref="ReadAsync"/> for the store's synchronous readers (history, diff, start-up, the compaction command),
    /// which block their thread anyway; they are never called on a socket thread (admin requests run off them).
    /// </summary>
    public static string? Read(GatewayStoreContext db, long number) => ReadAsync(db, number, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Whether revision <paramref name="number"/> exists but its document is no longer kept.</summary>
    public static bool IsPruned(GatewayStoreContext db, long number) =>
        db.Revisions.Any(r => r.Number == number) && !db.RevisionDocuments.Any(d => d.Number == number)
        && db.Revisions.Where(r => r.Number == number).Select(r => r.Document).Single().Length == 0;

    // A patch is only written when a checkpoint at most CheckpointInterval - 1 revisions back starts its chain.
    private static Task<bool> HasCheckpointWithinAsync(GatewayStoreContext db, long number, CancellationToken cancellationToken) =>
        db.RevisionDocuments.AnyAsync(d => d.Kind == RevisionDocumentRow.Full && d.Number > number - CheckpointInterval && d.Number < number, cancellationToken);
}
