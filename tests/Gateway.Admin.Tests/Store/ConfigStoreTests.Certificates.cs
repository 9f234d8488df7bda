using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Sources;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;

namespace Gateway.Admin.Tests.Store;

public partial class ConfigStoreTests
{
    private static GatewayConfig WithTls(TestCertificate certificate, bool withKey = true) => StoreHarness.Sample with
    {
        Listeners = [StoreHarness.Sample.Listeners[0] with { Certificates = [certificate.Id], StrictSni = true }, StoreHarness.Sample.Listeners[1]],
        Certificates = [withKey ? certificate.Config : certificate.Config with { Key = null }],
    };

    [Fact]
    public async Task Commit_Certificate_KeyIsStoredEncrypted_NeverInRevisionsOrTablesInPlaintext()
    {
        using var harness = NewHarness();
        var site = TestCertificates.Create("site", "www.example.com");

        var result = await harness.Store.CommitAsync(0, [ConfigOperation.Replace(WithTls(site))], "alice", "tls");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var revision = harness.Store.Get(result.Revision)!;
        Assert.DoesNotContain("PRIVATE KEY", revision.CanonicalDocument, StringComparison.Ordinal);
        Assert.Contains(site.Thumbprint, revision.CanonicalDocument, StringComparison.Ordinal);
        Assert.DoesNotContain(revision.Changes, c => c.After?.ToJsonString().Contains("PRIVATE KEY", StringComparison.Ordinal) == true);
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
        Assert.Equal(site.KeyPem, harness.Live.Config.Certificates.Single().Key);
        Assert.True(harness.Live.Listeners.Single(l => l.Id == "web").Tls);

        var stored = harness.StoredText();
        Assert.Contains(site.Thumbprint, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(site.KeyLine, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(site.KeyBody, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithoutKey_UsesTheStoredKeyOfThatCertificate_OrSaysWhichKeyIsMissing()
    {
        using var harness = NewHarness();
        var site = TestCertificates.Create("site", "www.example.com");
        var stranger = TestCertificates.Create("stranger", "stranger.example.com");
        var first = await harness.Store.CommitAsync(0, [ConfigOperation.Replace(WithTls(site))], "alice", "tls");

        var missing = await harness.Store.ImportJsonAsync(first.Revision, CanonicalJson.Serialize(WithTls(stranger)), "alice", "no key");
        var error = Assert.Single(missing.Errors);
        Assert.Equal("certificates[stranger].key", error.Path);
        Assert.Contains(stranger.Thumbprint, error.Message, StringComparison.Ordinal);
        Assert.Equal(first.Revision, harness.Store.Read().Revision);

        // The export carries no key; importing it under another id finds the key by thumbprint.
        var export = harness.Store.ExportJson().Replace("\"site\"", "\"renamed\"", StringComparison.Ordinal);
        var imported = await harness.Store.ImportJsonAsync(first.Revision, export, "alice", "renamed");
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors));
        Assert.Equal(site.KeyPem, harness.Live.Config.Certificates.Single(c => c.Id == "renamed").Key);
    }

    [Fact]
    public async Task Rewind_ToARevisionWithAnOlderCertificate_FindsItsKey_AndAfterARestartToo()
    {
        using var root = new TempDirectory();
        var old = TestCertificates.Create("site", "www.example.com");
        var renewed = TestCertificates.Create("site", "www.example.com");
        long first;
        IDictionary<string, string?>? settings;
        using (var harness = NewHarness(root.Path))
        {
            settings = harness.Settings;
            first = (await harness.Store.CommitAsync(0, [ConfigOperation.Replace(WithTls(old))], "alice", "old")).Revision;
            var second = await harness.Store.CommitAsync(first, [ConfigOperation.Update(renewed.Config)], "alice", "renew");
            Assert.True(second.Succeeded, string.Join("; ", second.Errors));
            Assert.Equal(renewed.KeyPem, harness.Live.Config.Certificates.Single().Key);
        }

        SqliteConnection.ClearAllPools();
        using var restarted = StoreHarness.Create(root.Path, settings);
        var loaded = ((IConfigSource)restarted.Store).Load();
        Assert.True(loaded.Config is not null, string.Join("; ", loaded.Errors));
        Assert.Equal(renewed.KeyPem, loaded.Config.Certificates.Single().Key);

        var rewound = await restarted.Store.RewindAsync(first, "bob", "back to the old certificate");
        Assert.True(rewound.Succeeded, string.Join("; ", rewound.Errors));
        Assert.Equal(old.KeyPem, restarted.Live.Config.Certificates.Single().Key);
    }

    [Fact]
    public async Task Delete_CertificateInUse_IsRefused_NamingTheListener()
    {
        using var harness = NewHarness();
        var site = TestCertificates.Create("site", "www.example.com");
        var first = await harness.Store.CommitAsync(0, [ConfigOperation.Replace(WithTls(site))], "alice", "tls");

        var refused = await harness.Store.CommitAsync(first.Revision, [ConfigOperation.Delete(EntityKind.Certificate, "site")], "alice", "drop");

        var error = Assert.Single(refused.Errors);
        Assert.Equal("certificates[site]", error.Path);
        Assert.Equal("Certificate \"site\" is used by listener \"web\"; change or delete it first.", error.Message);

        var released = await harness.Store.CommitAsync(first.Revision,
            [ConfigOperation.Update(StoreHarness.Sample.Listeners[0]), ConfigOperation.Delete(EntityKind.Certificate, "site")], "alice", "cleartext again");
        Assert.True(released.Succeeded, string.Join("; ", released.Errors));
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
    }
}
