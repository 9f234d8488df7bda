namespace Gateway.Admin.Store.Rows;

/// <summary>
/// The stored form of one revision's document: the whole canonical document (a checkpoint) or a line patch
/// against the previous revision's, Brotli-compressed either way. A revision whose <c>document</c> column is
/// empty is read from these rows (see <see cref="RevisionDocuments"/>).
/// </summary>
internal sealed class RevisionDocumentRow
{
    public const string Full = "full";

    public const string Delta = "delta";

    public long Number { get; set; }

    /// <summary><see cref="Full"/> or <see cref="Delta"/>.</summary>
    public required string Kind { get; set; }

    public required byte[] Data { get; set; }
}
