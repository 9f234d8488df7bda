namespace Gateway.Admin.Store.Rows;

/// <summary>
/// One key of the Data Protection key ring, as the XML Data Protection writes. Kept in a PostgreSQL store so every
/// node shares the ring, and a certificate key encrypted on one node can be decrypted on the others.
/// </summary>
internal sealed class DataProtectionKeyRow
{
    public long Id { get; set; }

    /// <summary>The key's name as Data Protection gives it (<c>key-&lt;guid&gt;</c>); unique.</summary>
    public required string FriendlyName { get; set; }

    public required string Xml { get; set; }
}
