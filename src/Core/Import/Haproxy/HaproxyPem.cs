using System.Text.RegularExpressions;

namespace Gateway.Core.Import.Haproxy;

/// <summary>HAProxy's <c>crt</c> files hold the chain and the key in one PEM file; the document keeps them apart.</summary>
internal static partial class HaproxyPem
{
    public static string? PrivateKey(string pem) =>
        KeyBlock().Match(pem) is { Success: true } match ? match.Value + "\n" : null;

    public static string Certificates(string pem) =>
        string.Join("\n", CertificateBlock().Matches(pem).Select(m => m.Value)) + "\n";

    [GeneratedRegex("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex KeyBlock();

    [GeneratedRegex("-----BEGIN CERTIFICATE-----[\\s\\S]*?-----END CERTIFICATE-----")]
    private static partial Regex CertificateBlock();
}
