using Gateway.Core.Validation;
using Gateway.Tests.Common;
using Microsoft.Extensions.Configuration;
using Gateway.ConfigSources;

namespace Gateway.Tests.ConfigSources;

public class CertificateSettingsTests
{
    private static readonly TestCertificate Site = TestCertificates.Create("site", "www.example.com");

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Gateway:" + v.Key, v.Value)))
            .Build()
            .GetSection("Gateway");

    [Fact]
    public void Read_InlinePem_AndListenerCertificates()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Section(
            ("Listeners:web:Address", "127.0.0.1:8443"),
            ("Listeners:web:Certificates", "site"),
            ("Listeners:web:StrictSni", "true"),
            ("Certificates:site:Certificate", Site.CertificatePem),
            ("Certificates:site:Key", Site.KeyPem)));

        Assert.Empty(errors);
        Assert.Equal(["site"], config!.Listeners[0].Certificates);
        Assert.True(config.Listeners[0].StrictSni);
        Assert.Equal(Site.Config, config.Certificates[0]);
        Assert.Empty(ConfigValidator.Validate(config));
    }

    [Fact]
    public void Read_FilePaths_RelativeToTheBaseDirectory()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "tls"));
        File.WriteAllText(Path.Combine(root.Path, "tls", "site.crt"), Site.CertificatePem);
        File.WriteAllText(Path.Combine(root.Path, "tls", "site.key"), Site.KeyPem);

        var (config, errors) = ConfigurationSectionReader.Read(Section(
            ("Certificates:site:CertificateFile", "tls/site.crt"),
            ("Certificates:site:KeyFile", Path.Combine(root.Path, "tls", "site.key"))), root.Path);

        Assert.Empty(errors);
        Assert.Equal(Site.Config, config!.Certificates[0]);
    }

    [Fact]
    public void Read_MissingFileOrBothForms_ErrorsAtTheField()
    {
        using var root = new TempDirectory();

        var (config, errors) = ConfigurationSectionReader.Read(Section(
            ("Certificates:site:CertificateFile", "missing.crt"),
            ("Certificates:site:Key", Site.KeyPem),
            ("Certificates:site:KeyFile", "site.key"),
            ("Certificates:site:Password", "x")), root.Path);

        Assert.Null(config);
        Assert.Equal(["certificates[site].password", "certificates[site].certificate", "certificates[site].key"], errors.Select(e => e.Path));
        Assert.Contains(Path.Combine(root.Path, "missing.crt"), errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("Give Key or KeyFile, not both.", errors[2].Message);
    }

    [Fact]
    public void Read_FilePathNoFileSystemAccepts_ErrorsAtTheField()
    {
        using var root = new TempDirectory();

        var (config, errors) = ConfigurationSectionReader.Read(Section(
            ("Certificates:site:CertificateFile", "site\0.crt"),
            ("Certificates:site:Key", Site.KeyPem)), root.Path);

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal("certificates[site].certificate", error.Path);
        Assert.StartsWith("CertificateFile 'site", error.Message, StringComparison.Ordinal);
    }
}
