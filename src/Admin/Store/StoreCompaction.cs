using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store;

/// <summary>What <see cref="ConfigStore.Compact"/> did.</summary>
/// <param name="Converted">Revisions whose whole document moved from the revision row to compact storage.</param>
/// <param name="Pruned">Revisions whose document the retention policy removed.</param>
/// <param name="BytesBefore">The database file (with its write-ahead log) before.</param>
/// <param name="BytesAfter">The same after <c>VACUUM</c>.</param>
public sealed record CompactionResult(int Converted, int Pruned, long BytesBefore, long BytesAfter);

/// <summary>
/// Moves the documents of revisions written before compact storage into <c>revision_documents</c>, oldest first, in
/// batches: each is written as a checkpoint or patch, read back, and compared with the original before its row's
/// <c>document</c> is emptied, so a conversion can stop at any point and lose nothing.
/// </summary>
internal static class StoreCompaction
{
    private const int Batch = 100;

    public static int ConvertInlineDocuments(GatewayStoreContext db)
    {
        var numbers = db.Revisions.Where(r => r.Document != "").OrderBy(r => r.Number).Select(r => r.Number).ToList();
        string? previous = null;
        long previousNumber = 0;
        foreach (var chunk in numbers.Chunk(Batch))
        {
            using var transaction = db.Database.BeginTransaction();
            foreach (var number in chunk)
            {
                var text = db.Revisions.Where(r => r.Number == number).Select(r => r.Document).Single();
                var before = number == 1 ? null : previousNumber == number - 1 ? previous : RevisionDocuments.Read(db, number - 1);
                RevisionDocuments.Add(db, number, before, text);
                db.SaveChanges();
                db.Revisions.Where(r => r.Number == number).ExecuteUpdate(s => s.SetProperty(r => r.Document, ""));
                if (RevisionDocuments.Read(db, number) != text)
                {
                    throw new InvalidOperationException($"Revision {number} did not read back as it was from compact storage; nothing of this batch was changed.");
                }

                (previous, previousNumber) = (text, number);
            }

            transaction.Commit();
            db.ChangeTracker.Clear();
        }

        return numbers.Count;
    }

    /// <summary>Gives freed space back: SQLite rewrites the file; PostgreSQL marks the two tables' dead rows reusable.</summary>
    public static void Vacuum(GatewayStoreContext db, bool postgres)
    {
        if (postgres)
        {
            db.Database.ExecuteSqlRaw("VACUUM revisions, revision_documents;");
            return;
        }

        db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
        db.Database.ExecuteSqlRaw("VACUUM;");
        db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>The store's size: the SQLite file with its write-ahead log, or the PostgreSQL database.</summary>
    public static long Bytes(GatewayStoreContext db, GatewayDatabase database) => database.IsPostgres
        ? db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").AsEnumerable().Single()
        : FileBytes(database.FilePath);

    private static long FileBytes(string path) =>
        (File.Exists(path) ? new FileInfo(path).Length : 0) + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
}
