using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The certificate form's inputs: an id, the PEM chain, and the private key. The key is write-only:
/// <see cref="From"/> never fills it, and the page clears it before rendering the form again.
/// </summary>
internal sealed class CertificateForm
{
    public static IReadOnlyList<string> Fields { get; } = ["id", "certificate", "key"];

    public string? Id { get; set; }

    /// <summary>The chain in PEM, leaf first.</summary>
    public string? Certificate { get; set; }

    /// <summary>The leaf's private key in PEM; empty when replacing means "keep the stored key".</summary>
    public string? Key { get; set; }

    public static CertificateForm From(CertificateConfig certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new() { Id = certificate.Id, Certificate = certificate.Certificate };
    }

    /// <summary>The certificate these inputs describe; its key is null when the key input was left empty.</summary>
    public CertificateConfig ToConfig(CertificateConfig? existing) => new()
    {
        Id = existing?.Id ?? Id?.Trim() ?? "",
        Certificate = NormalizedPem(Certificate),
        Key = FormValues.Trimmed(Key) is { } key ? NormalizedPem(key) : null,
    };

    // Browsers post textareas with CRLF line ends; PEM readers accept both, but the stored chain should
    // read the same (and diff cleanly) whichever way it was pasted.
    private static string NormalizedPem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
}
