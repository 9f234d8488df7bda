namespace Gateway.Admin.Store.Rows;

/// <summary>A certificate's public part; its key is in <see cref="CertificateKeyRow"/>, found by thumbprint.</summary>
internal sealed class CertificateRow
{
    public required string Id { get; set; }

    /// <summary>The PEM chain, leaf first.</summary>
    public required string Certificate { get; set; }

    /// <summary>SHA-256 of the leaf, upper-case hex.</summary>
    public required string Thumbprint { get; set; }
}
