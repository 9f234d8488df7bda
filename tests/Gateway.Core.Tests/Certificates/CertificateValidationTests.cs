using System.Security.Cryptography;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Certificates;

public class CertificateValidationTests
{
    private static readonly PemPair Site = PemPair.Create("www.example.com");
    private static readonly PemPair Other = PemPair.Create("other.example.com");

    private static GatewayConfig With(params CertificateConfig[] certificates) => new()
    {
        Listeners = [new() { Id = "web", Address = "127.0.0.1:8443", Certificates = [.. certificates.Select(c => c.Id)] }],
        Certificates = certificates,
    };

    [Fact]
    public void Validate_CertificateWithItsKey_IsValid_AndTlsListenerMayOfferBothHttpVersions()
    {
        var config = With(Site.Config("site")) is var c ? c with { Listeners = [c.Listeners[0] with { Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http2, StrictSni = true }] } : null!;

        Assert.Empty(ConfigValidator.Validate(config));
    }

    [Fact]
    public void Validate_ExpiredCertificate_IsAccepted()
    {
        var expired = PemPair.Create("old.example.com", DateTimeOffset.UtcNow.AddDays(-1));

        Assert.Empty(ConfigValidator.Validate(With(expired.Config("old"))));
    }

    [Theory]
    [InlineData("", "certificates[site].certificate", "empty")]
    [InlineData("not pem at all", "certificates[site].certificate", "No certificate found")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "certificates[site].certificate", "cannot be read as X.509")]
    public void Validate_UnreadableChain_ErrorAtCertificate(string pem, string path, string words)
    {
        var error = Assert.Single(ConfigValidator.Validate(With(Site.Config("site") with { Certificate = pem })));

        Assert.Equal(path, error.Path);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyInTheChain_SaysWhereKeysGo()
    {
        var error = Assert.Single(ConfigValidator.Validate(With(Site.Config("site") with { Certificate = Site.Key + Site.Certificate })));

        Assert.Equal("certificates[site].certificate", error.Path);
        Assert.Contains("put the private key in the key field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_ErrorAtKey()
    {
        var error = Assert.Single(ConfigValidator.Validate(With(Site.Config("site") with { Key = Other.Key })));

        Assert.Equal("certificates[site].key", error.Path);
        Assert.Contains("does not belong to this certificate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Other.Key.Split('\n')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingGarbledOrEncryptedKey_ErrorAtKey()
    {
        using var rsa = RSA.Create(2048);
        var encrypted = rsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));
        var errors = ConfigValidator.Validate(new GatewayConfig
        {
            Certificates =
            [
                Site.Config("none") with { Key = null },
                Site.Config("garbled") with { Key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" },
                Site.Config("encrypted") with { Key = encrypted },
            ],
        });

        Assert.Equal(["certificates[none].key", "certificates[garbled].key", "certificates[encrypted].key"], errors.Select(e => e.Path));
        Assert.Contains("no private key", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("encrypted", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListenerNamingUnknownOrRepeatedCertificates_ErrorsAtEachEntry()
    {
        var config = With(Site.Config("site")) with
        {
            Listeners =
            [
                new() { Id = "web", Address = "127.0.0.1:8443", Certificates = ["site", "missing", "SITE"] },
                new() { Id = "plain", Address = "127.0.0.1:8080", StrictSni = true },
            ],
        };

        var errors = ConfigValidator.Validate(config);

        Assert.Equal(["listeners[web].certificates[1]", "listeners[web].certificates[2]", "listeners[plain].strictSni"], errors.Select(e => e.Path));
        Assert.Equal("Certificate 'missing' does not exist; add it or name one of: 'site'.", errors[0].Message);
    }

    [Fact]
    public void CanonicalJson_WritesChainAndThumbprint_NeverTheKey_AndReadsBack()
    {
        var config = With(Site.Config("site"));

        var json = CanonicalJson.Serialize(config);

        Assert.DoesNotContain("PRIVATE KEY", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"thumbprint\": \"{Site.Thumbprint}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"certificates\": [\n        \"site\"\n      ]", json, StringComparison.Ordinal);
        Assert.True(CanonicalJson.TryParse(json, out var read, out var errors), string.Join("; ", errors));
        Assert.Null(read!.Certificates[0].Key);
        Assert.Equal(json, CanonicalJson.Serialize(read));
    }

    [Fact]
    public void CanonicalJson_ReadsAKeyWhenGiven_AndRefusesAThumbprintOfAnotherCertificate()
    {
        var json = $$"""
            { "certificates": [
              { "id": "a", "certificate": {{System.Text.Json.JsonSerializer.Serialize(Site.Certificate)}}, "key": {{System.Text.Json.JsonSerializer.Serialize(Site.Key)}} },
              { "id": "b", "certificate": {{System.Text.Json.JsonSerializer.Serialize(Site.Certificate)}}, "thumbprint": "{{Other.Thumbprint}}" } ] }
            """;

        Assert.False(CanonicalJson.TryParse(json, out _, out var errors));
        var error = Assert.Single(errors);
        Assert.Equal("$.certificates[1].thumbprint", error.Path);
        Assert.True(CanonicalJson.TryParse(json.Replace(Other.Thumbprint, Site.Thumbprint, StringComparison.Ordinal), out var read, out _));
        Assert.Equal(Site.Key, read!.Certificates[0].Key);
    }

    [Fact]
    public void HostNames_AreTheLeafsDnsNames()
    {
        Assert.True(CertificatePem.TryReadChain(Site.Certificate, out var chain, out _));

        Assert.Equal(["www.example.com"], CertificatePem.HostNames(chain[0]));
        Assert.Equal(Site.Thumbprint, CertificatePem.Thumbprint(Site.Certificate));
    }
}
