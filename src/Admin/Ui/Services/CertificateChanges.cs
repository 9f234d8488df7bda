using System.Security.Claims;
using Gateway.Admin.Api.Certificates;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Certificates;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// The certificates page's edits, staged through <see cref="PendingChanges"/> like every other entity. What
/// the page lists comes from the API's <see cref="CertificateResource"/> (never the key), and a replacement
/// sent without a key keeps the stored one through the store's <see cref="CertificateKeyStore"/>, as the API does.
/// </summary>
internal sealed class CertificateChanges(PendingChanges pending, CertificateKeyStore keys, TimeProvider time)
{
    public IReadOnlyList<CertificateListItem> List(GatewayConfig document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. document.Certificates
            .OrderBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CertificateListItem(CertificateResource.From(c, time), UsedBy(document, c.Id)))];
    }

    public CertificateResource Describe(CertificateConfig certificate) => CertificateResource.From(certificate, time);

    /// <summary>The listeners that present the certificate, in configuration order.</summary>
    public static IReadOnlyList<string> UsedBy(GatewayConfig document, string id)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. document.Listeners.Where(l => l.Certificates.Contains(id, StringComparer.OrdinalIgnoreCase)).Select(l => l.Id)];
    }

    /// <summary>Stages <paramref name="certificate"/> as new (no <paramref name="existing"/>) or in place of <paramref name="existing"/>.</summary>
    public StageResult Save(ClaimsPrincipal user, CertificateConfig certificate, CertificateConfig? existing)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var errors = new List<ValidationError>();
        var complete = existing is null ? certificate : WithKeptKey(certificate, existing, errors);
        if (errors.Count > 0)
        {
            return new StageResult(StageStatus.Invalid, errors);
        }

        return pending.Stage(user, [existing is null ? ConfigOperation.Create(complete) : ConfigOperation.Update(complete)]);
    }

    /// <summary>Stages the deletion; refused, with the listeners named, while any listener presents it.</summary>
    public StageResult Delete(ClaimsPrincipal user, GatewayConfig document, string id)
    {
        if (UsedBy(document, id) is { Count: > 0 } listeners)
        {
            return new StageResult(StageStatus.Invalid,
                [new("", $"Certificate '{id}' is in use by {(listeners.Count == 1 ? "listener" : "listeners")} {string.Join(", ", listeners)}; take it out of their certificates first.")]);
        }

        return pending.Stage(user, [ConfigOperation.Delete(EntityKind.Certificate, id)]);
    }

    /// <summary>
    /// A replacement sent without a key gets one: the key staged with the certificate it replaces when the
    /// chain is unchanged, else the key stored for its own thumbprint, else the replaced certificate's
    /// stored key when it belongs to the new chain (a renewal with the same key).
    /// </summary>
    private CertificateConfig WithKeptKey(CertificateConfig certificate, CertificateConfig existing, List<ValidationError> errors)
    {
        if (certificate.Key is not null)
        {
            return certificate;
        }

        if (existing.Key is not null && CertificatePem.Thumbprint(existing.Certificate) == CertificatePem.Thumbprint(certificate.Certificate))
        {
            return certificate with { Key = existing.Key };
        }

        if (CertificatePem.Thumbprint(certificate.Certificate) is null)
        {
            // The validator says what is wrong with the chain itself.
            return certificate;
        }

        var own = new List<ValidationError>();
        if (Attached(certificate, own) is { Key: { } key })
        {
            return certificate with { Key = key };
        }

        var previous = existing.Key is null ? Attached(existing, []) : existing;
        if (previous?.Key is { } previousKey && Belongs(certificate.Certificate, previousKey))
        {
            return certificate with { Key = previousKey };
        }

        errors.Add(new($"certificates[{certificate.Id}].key", "No key is stored for this certificate, and the key of the certificate it replaces does not belong to it; paste its private key in PEM."));
        return certificate;
    }

    private CertificateConfig? Attached(CertificateConfig certificate, List<ValidationError> errors)
    {
        var document = keys.Attach(GatewayConfig.Empty with { Certificates = [certificate with { Key = null }] }, errors);
        return errors.Count == 0 ? document.Certificates[0] : null;
    }

    private static bool Belongs(string certificatePem, string keyPem)
    {
        if (!CertificatePem.TryLoad(certificatePem, keyPem, out var leaf, out var intermediates, out _))
        {
            return false;
        }

        leaf!.Dispose();
        foreach (var certificate in intermediates)
        {
            certificate.Dispose();
        }

        return true;
    }
}

/// <summary>One line of the certificates page: what the certificate says, and which listeners present it.</summary>
internal sealed record CertificateListItem(CertificateResource Certificate, IReadOnlyList<string> UsedBy);
