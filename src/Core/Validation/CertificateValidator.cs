using Gateway.Core.Certificates;
using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

/// <summary>
/// Certificates must read as PEM and carry the key they were issued for. An expired certificate is
/// accepted (a replacement may be on its way, and clients decide what they trust); the admin API
/// shows it as expired and the gateway logs a warning when it starts serving one.
/// </summary>
internal static class CertificateValidator
{
    public static HashSet<string> Validate(IReadOnlyList<CertificateConfig> certificates, ValidationErrors errors)
    {
        var ids = IdRules.Check(certificates, c => c.Id, "certificates", "certificate", errors);
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificate = certificates[i];
            var path = ValidationErrors.EntityPath("certificates", certificate.Id, i);
            if (!CertificatePem.TryReadChain(certificate.Certificate, out var chain, out var error))
            {
                errors.Add($"{path}.certificate", error!);
                continue;
            }

            DisposeAll(chain);
            if (!CertificatePem.TryLoad(certificate.Certificate, certificate.Key, out var leaf, out var intermediates, out error))
            {
                errors.Add($"{path}.key", error!);
                continue;
            }

            leaf!.Dispose();
            DisposeAll(intermediates);
        }

        return ids;
    }

    /// <summary>Each listener names certificates that exist, and strict SNI only where there are certificates.</summary>
    public static void ValidateListeners(IReadOnlyList<ListenerConfig> listeners, HashSet<string> certificateIds, ValidationErrors errors)
    {
        for (var i = 0; i < listeners.Count; i++)
        {
            var listener = listeners[i];
            var path = ValidationErrors.EntityPath("listeners", listener.Id, i);
            var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var j = 0; j < listener.Certificates.Count; j++)
            {
                var id = listener.Certificates[j];
                if (!certificateIds.Contains(id))
                {
                    errors.Add($"{path}.certificates[{j}]", certificateIds.Count == 0
                        ? $"Certificate '{id}' does not exist; no certificates are defined yet, so add it first."
                        : $"Certificate '{id}' does not exist; add it or name one of: {string.Join(", ", certificateIds.Order(StringComparer.OrdinalIgnoreCase).Select(c => $"'{c}'"))}.");
                }
                else if (!named.Add(id))
                {
                    errors.Add($"{path}.certificates[{j}]", $"Certificate '{id}' is named twice; name each certificate once.");
                }
            }

            if (listener.StrictSni && listener.Certificates.Count == 0 && listener.Mode != ListenerMode.Tcp) // TCP listeners: see ListenerValidator
            {
                errors.Add($"{path}.strictSni", "strictSni applies to TLS listeners; give the listener certificates or leave strictSni out.");
            }
        }
    }

    private static void DisposeAll(System.Security.Cryptography.X509Certificates.X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
