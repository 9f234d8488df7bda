using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.ConfigSources;

internal static partial class ConfigurationSectionReader
{
    /// <summary>
    /// A certificate keyed by its id (<c>Gateway:Certificates:site</c>), its chain and key given inline
    /// (<c>Certificate</c>, <c>Key</c>: PEM text) or as files (<c>CertificateFile</c>, <c>KeyFile</c>; a
    /// relative path is under <paramref name="baseDirectory"/>). Files are read when the section is.
    /// </summary>
    private static CertificateConfig ReadCertificate(IConfigurationSection s, string baseDirectory, SectionReader reader)
    {
        var path = $"certificates[{s.Key}]";
        reader.CheckKeys(s, path, ["Certificate", "CertificateFile", "Key", "KeyFile"]);
        return new CertificateConfig
        {
            Id = s.Key,
            Certificate = ReadPem(s, "Certificate", "CertificateFile", $"{path}.certificate", baseDirectory, reader) ?? "",
            Key = ReadPem(s, "Key", "KeyFile", $"{path}.key", baseDirectory, reader),
        };
    }

    private static string? ReadPem(IConfigurationSection s, string inlineKey, string fileKey, string path, string baseDirectory, SectionReader reader)
    {
        var inline = s[inlineKey];
        var file = s[fileKey];
        if (inline is not null && file is not null)
        {
            return reader.Fail<string?>(path, $"Give {inlineKey} or {fileKey}, not both.", null);
        }

        if (file is null)
        {
            return inline;
        }

        var fullPath = file;
        try
        {
            fullPath = Path.GetFullPath(file, baseDirectory);
            return File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // ArgumentException: a path no file system accepts (a NUL character, say) is an error at the field, not a crash of the whole read.
            return reader.Fail<string?>(path, $"{fileKey} '{fullPath}' cannot be read: {ex.Message}", null);
        }
    }
}
