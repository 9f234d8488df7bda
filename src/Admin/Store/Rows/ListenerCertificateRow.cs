namespace Gateway.Admin.Store.Rows;

/// <summary>A certificate a listener presents; a certificate in use cannot be deleted.</summary>
internal sealed class ListenerCertificateRow
{
    public required string ListenerId { get; set; }

    public required string CertificateId { get; set; }

    /// <summary>Order among the listener's certificates; the first is its default.</summary>
    public int Position { get; set; }
}
