namespace Gateway.Admin.Store.Rows;

/// <summary>One commit. Append-only: database triggers refuse deletes and every update but emptying <see cref="Document"/>.</summary>
internal sealed class RevisionRow
{
    public long Number { get; set; }

    public long? Parent { get; set; }

    /// <summary>UTC, ISO 8601 with milliseconds.</summary>
    public required string CreatedUtc { get; set; }

    public required string Author { get; set; }

    public required string Message { get; set; }

    /// <summary>E.g. "1 created, 2 updated".</summary>
    public required string Summary { get; set; }

    /// <summary>JSON array of entity changes with before and after images.</summary>
    public required string Operations { get; set; }

    /// <summary>
    /// The whole document after this commit, in canonical JSON, for revisions written before compact storage; empty
    /// since then (the document is in <see cref="RevisionDocumentRow"/>) and once the retention policy pruned it.
    /// </summary>
    public required string Document { get; set; }
}
