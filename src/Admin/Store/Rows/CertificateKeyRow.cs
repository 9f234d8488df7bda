namespace Gateway.Admin.Store.Rows;

/// <summary>
/// A certificate's private key, encrypted with ASP.NET Core Data Protection, under the thumbprint of
/// its certificate. Rows are only ever added: old revisions name certificates whose keys a rewind needs.
/// </summary>
internal sealed class CertificateKeyRow
{
    public required string Thumbprint { get; set; }

    public required string ProtectedKey { get; set; }

    public required string CreatedUtc { get; set; }
}
