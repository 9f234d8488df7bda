using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Admin.Configuration;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Store.Certificates;
using Gateway.Admin.Tests.Store;
using Gateway.Admin.Transactions;
using Gateway.Admin.Ui.Forms;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Ui.Services;

/// <summary>The certificates page's service: staged like other entities, keys kept when a replacement comes without one, deletions refused while in use.</summary>
public sealed class CertificateChangesTests : IDisposable
{
    private static readonly System.Security.Claims.ClaimsPrincipal Alice =
        AdminUiAuthentication.Principal(new AdminUser(1, "alice", AdminRole.Editor, DateTimeOffset.UnixEpoch));

    private readonly StoreHarness _harness = StoreHarness.Create();
    private readonly PendingChanges _pending;
    private readonly CertificateChanges _certificates;

    public CertificateChangesTests()
    {
        _pending = new PendingChanges(new TransactionRegistry(new ManualTimeProvider(), Options.Create(new AdminOptions())), _harness.Store);
        _certificates = new CertificateChanges(_pending, _harness.Get<CertificateKeyStore>(), TimeProvider.System);
    }

    [Fact]
    public void Save_New_StagesIt_AndTheListShowsWhatItSays_WithoutTheKey()
    {
        var site = TestCertificates.Create("site", "site.example", "*.site.example");

        Assert.True(_certificates.Save(Alice, new CertificateForm { Id = "site", Certificate = site.CertificatePem, Key = site.KeyPem }.ToConfig(null), null).Succeeded);

        var item = Assert.Single(_certificates.List(_pending.State("alice").Document));
        Assert.Equal(("site", "CN=site.example", false), (item.Certificate.Id, item.Certificate.Subject, item.Certificate.Expired));
        Assert.Equal(["site.example", "*.site.example"], item.Certificate.HostNames);
        Assert.Null(item.Certificate.Key);
        Assert.Empty(item.UsedBy);
    }

    [Fact]
    public void Save_NewWithoutAKey_IsRefusedAtTheKeyField()
    {
        var site = TestCertificates.Create("site", "site.example");

        var result = _certificates.Save(Alice, new CertificateForm { Id = "site", Certificate = site.CertificatePem }.ToConfig(null), null);

        Assert.False(result.Succeeded);
        Assert.Single(FormErrors.From(result.Errors, CertificateForm.Fields, "certificates[site]").For("key"));
        Assert.Equal(0, _pending.Count("alice"));
    }

    [Fact]
    public async Task Save_ReplacementWithAnEmptyKey_KeepsTheStoredKey_AndCommits()
    {
        var site = TestCertificates.Create("site", "site.example");
        var stored = await CommitAsync(site.Config);

        var form = CertificateForm.From(stored);
        Assert.Null(form.Key);
        Assert.True(_certificates.Save(Alice, form.ToConfig(stored), stored).Succeeded);

        Assert.True((await _pending.CommitAsync(Alice, "same certificate, same key"))!.Succeeded);
    }

    [Fact]
    public async Task Save_RenewalWithTheSameKeyPair_AndAnEmptyKey_UsesTheReplacedCertificatesKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var first = SelfSigned(key, "renewed.example", days: 10);
        var renewed = SelfSigned(key, "renewed.example", days: 90);
        var stored = await CommitAsync(new CertificateConfig { Id = "renewed", Certificate = first, Key = key.ExportPkcs8PrivateKeyPem() });

        var result = _certificates.Save(Alice, new CertificateForm { Certificate = renewed }.ToConfig(stored), stored);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.True((await _pending.CommitAsync(Alice, "renewal"))!.Succeeded);
        Assert.Equal(renewed.Trim(), _harness.Store.Read().Document.Certificates.Single().Certificate.Trim());
    }

    [Fact]
    public async Task Save_OtherChainWithAnEmptyKey_IsAnErrorAtTheKey_AndStagesNothing()
    {
        var stored = await CommitAsync(TestCertificates.Create("site", "site.example").Config);
        var other = TestCertificates.Create("other", "other.example");

        var result = _certificates.Save(Alice, new CertificateForm { Certificate = other.CertificatePem }.ToConfig(stored), stored);

        Assert.False(result.Succeeded);
        Assert.Contains("paste its private key", Assert.Single(FormErrors.From(result.Errors, CertificateForm.Fields, "certificates[site]").For("key")), StringComparison.Ordinal);
        Assert.Equal(0, _pending.Count("alice"));
    }

    [Fact]
    public async Task Delete_WhileAListenerPresentsIt_IsRefusedNamingTheListener_AndAllowedOnceItIsFree()
    {
        var site = TestCertificates.Create("site", "site.example");
        await CommitAsync(site.Config, new ListenerConfig { Id = "tls", Address = "127.0.0.1:0", Certificates = ["site"] });
        var document = _pending.State("alice").Document;

        var refused = _certificates.Delete(Alice, document, "site");

        Assert.False(refused.Succeeded);
        Assert.Contains("listener tls", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(["tls"], Assert.Single(_certificates.List(document)).UsedBy);
        Assert.True(_pending.Stage(Alice, [Gateway.Admin.Store.ConfigOperation.Delete(Gateway.Admin.Store.EntityKind.Listener, "tls")]).Succeeded);
        Assert.True(_certificates.Delete(Alice, _pending.State("alice").Document, "site").Succeeded);
        Assert.Empty(_pending.State("alice").Document.Certificates);
    }

    [Fact]
    public void CertificateForm_NeverShowsAKey_TurnsCrLfIntoLf_AndAnEmptyKeyIntoNone()
    {
        var site = TestCertificates.Create("site", "site.example");

        Assert.Null(CertificateForm.From(site.Config).Key);
        var config = new CertificateForm { Id = " site ", Certificate = site.CertificatePem.Replace("\n", "\r\n", StringComparison.Ordinal), Key = "  " }.ToConfig(null);
        Assert.Equal(("site", site.CertificatePem, null), (config.Id, config.Certificate, config.Key));
    }

    public void Dispose() => _harness.Dispose();

    private async Task<CertificateConfig> CommitAsync(CertificateConfig certificate, ListenerConfig? listener = null)
    {
        List<Gateway.Admin.Store.ConfigOperation> operations = [Gateway.Admin.Store.ConfigOperation.Create(certificate)];
        if (listener is not null)
        {
            operations.Add(Gateway.Admin.Store.ConfigOperation.Create(listener));
        }

        var result = await _harness.Store.CommitAsync(_harness.Store.Read().Revision, operations, "setup", "setup");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return _harness.Store.Read().Document.Certificates.Single(c => c.Id == certificate.Id);
    }

    private static string SelfSigned(ECDsa key, string name, int days)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days));
        return certificate.ExportCertificatePem() + "\n";
    }
}
