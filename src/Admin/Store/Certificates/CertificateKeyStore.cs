using System.Globalization;
using System.Security.Cryptography;
using Gateway.Admin.Store.Rows;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store.Certificates;

/// <summary>
/// Private keys at rest: revision documents never hold them, so each key is kept here, encrypted with
/// ASP.NET Core Data Protection, under the SHA-256 thumbprint of its certificate. Rows are only added,
/// never removed, so rewinding to any revision finds the keys its certificates need.
/// </summary>
/// <remarks>
/// Losing the Data Protection key ring (the standalone host keeps it in the <c>keys</c> folder next to
/// the database) makes stored keys unreadable: commits that need one then ask for the key again.
/// </remarks>
internal sealed class CertificateKeyStore(GatewayDatabase database, IDataProtectionProvider dataProtection, TimeProvider time)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Gateway.Admin.CertificateKeys.v1");

    /// <summary>
    /// The document with every certificate that came without a key given its stored one. A certificate
    /// whose key is not stored (or cannot be decrypted) gets an error at <c>certificates[id].key</c>.
    /// </summary>
    public async Task<GatewayConfig> AttachAsync(GatewayConfig document, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(errors);
        if (document.Certificates.All(c => c.Key is not null))
        {
            return document;
        }

        await using var db = database.CreateContext();
        var certificates = new List<CertificateConfig>(document.Certificates.Count);
        foreach (var certificate in document.Certificates)
        {
            certificates.Add(certificate.Key is null ? await WithStoredKeyAsync(db, certificate, errors, cancellationToken) : certificate);
        }

        return document with { Certificates = certificates };
    }

    /// <summary><see cref="AttachAsync"/> for synchronous callers (start-up, a page staging an edit under its lock), never on a socket thread.</summary>
    public GatewayConfig Attach(GatewayConfig document, List<ValidationError> errors) =>
        AttachAsync(document, errors, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The stored (encrypted) keys of <paramref name="document"/>'s certificates, by thumbprint: for a node's local copy.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ProtectedKeysAsync(GatewayConfig document, CancellationToken cancellationToken)
    {
        var thumbprints = document.Certificates.Select(c => CertificatePem.Thumbprint(c.Certificate)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (thumbprints.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        await using var db = database.CreateContext();
        return await db.CertificateKeys.Where(k => thumbprints.Contains(k.Thumbprint)).ToDictionaryAsync(k => k.Thumbprint, k => k.ProtectedKey, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary><see cref="Attach(GatewayConfig, List{ValidationError})"/> from a local copy's keys instead of the database.</summary>
    public GatewayConfig Attach(GatewayConfig document, IReadOnlyDictionary<string, string> protectedKeys, List<ValidationError> errors)
    {
        var certificates = new List<CertificateConfig>(document.Certificates.Count);
        foreach (var certificate in document.Certificates)
        {
            if (certificate.Key is not null || CertificatePem.Thumbprint(certificate.Certificate) is not { } thumbprint)
            {
                certificates.Add(certificate);
                continue;
            }

            certificates.Add(Unprotect(certificate, thumbprint, protectedKeys.GetValueOrDefault(thumbprint), errors));
        }

        return document with { Certificates = certificates };
    }

    /// <summary>Adds, to the commit's context, an encrypted key row for every certificate whose key is not stored yet.</summary>
    internal async Task AddNewAsync(GatewayStoreContext db, GatewayConfig document, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in document.Certificates)
        {
            if (certificate.Key is null || CertificatePem.Thumbprint(certificate.Certificate) is not { } thumbprint || !seen.Add(thumbprint))
            {
                continue;
            }

            if (!await db.CertificateKeys.AnyAsync(k => k.Thumbprint == thumbprint, cancellationToken))
            {
                db.CertificateKeys.Add(new CertificateKeyRow
                {
                    Thumbprint = thumbprint,
                    ProtectedKey = _protector.Protect(certificate.Key),
                    CreatedUtc = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                });
            }
        }
    }

    private async Task<CertificateConfig> WithStoredKeyAsync(GatewayStoreContext db, CertificateConfig certificate, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        var thumbprint = CertificatePem.Thumbprint(certificate.Certificate);
        if (thumbprint is null)
        {
            // The validator reports the unreadable certificate itself.
            return certificate;
        }

        var row = await db.CertificateKeys.Where(k => k.Thumbprint == thumbprint).Select(k => k.ProtectedKey).SingleOrDefaultAsync(cancellationToken);
        return Unprotect(certificate, thumbprint, row, errors);
    }

    private CertificateConfig Unprotect(CertificateConfig certificate, string thumbprint, string? row, List<ValidationError> errors)
    {
        var path = $"certificates[{certificate.Id}].key";
        if (row is null)
        {
            errors.Add(new(path, $"No private key is stored for this certificate (SHA-256 thumbprint {thumbprint}); send its key in PEM with it. Exported documents never carry keys."));
            return certificate;
        }

        try
        {
            return certificate with { Key = _protector.Unprotect(row) };
        }
        catch (CryptographicException)
        {
            errors.Add(new(path, $"The stored key of this certificate (SHA-256 thumbprint {thumbprint}) cannot be decrypted: the Data Protection key ring it was encrypted with is gone or changed. Send the key in PEM again."));
            return certificate;
        }
    }
}
