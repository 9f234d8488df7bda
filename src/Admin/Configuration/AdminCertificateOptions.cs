namespace Gateway.Admin.Configuration;

/// <summary>
/// <c>Gateway:Admin:Certificate</c>: the admin site's TLS certificate, for an <c>https://</c> admin URL. Either a
/// file (<see cref="Path"/>: PEM with <see cref="KeyPath"/>, or PKCS#12 with <see cref="Password"/>) or a certificate
/// in an X.509 store (<see cref="Thumbprint"/>, in <see cref="StoreName"/> of <see cref="StoreLocation"/>).
/// </summary>
public sealed class AdminCertificateOptions
{
    /// <summary>A PEM certificate (chain) file, or a PKCS#12 (.pfx/.p12) file; relative paths are from the content root.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key file of a PEM <see cref="Path"/>; without it the key is read from <see cref="Path"/> itself.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's when it is encrypted.</summary>
    public string? Password { get; set; }

    /// <summary>The SHA-1 thumbprint (hex) of a certificate in an X.509 store, which must hold its private key.</summary>
    public string? Thumbprint { get; set; }

    /// <summary>The store to look the thumbprint up in: <c>My</c> by default.</summary>
    public string StoreName { get; set; } = "My";

    /// <summary><c>CurrentUser</c> (default) or <c>LocalMachine</c>.</summary>
    public string StoreLocation { get; set; } = "CurrentUser";
}
