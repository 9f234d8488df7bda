using Gateway.Admin.Store;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Certificates;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class CertificatesTests(BrowserFixture browser)
{
    [Fact]
    public async Task NewCertificate_IsListedWithWhatItSays_AndNoPageEverShowsItsKey()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);
        var site = TestCertificates.Create("site", "site.example", "*.site.example");

        await page.GotoAsync("certificates");
        await page.GetByRole(AriaRole.Link, new() { Name = "New certificate" }).ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("site");
        await page.GetByLabel("Certificate chain (PEM)").FillAsync(site.CertificatePem);
        await Screenshots.SaveAsync(page, "certificate-new");
        await page.GetByLabel("Private key (PEM)").FillAsync(site.KeyPem);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new certificate" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(host.AdminUrl + "certificates");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CN=site.example" });
        await Expect(row).ToContainTextAsync("site.example, *.site.example");
        await Expect(row).ToContainTextAsync("no listener");
        AssertNoKey(site, await page.ContentAsync());

        await page.GotoAsync("pending");
        AssertNoKey(site, await page.ContentAsync());
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("a certificate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();
        Assert.Equal(site.Thumbprint, CertificatePem.Thumbprint(host.Store.Read().Document.Certificates.Single().Certificate));

        await page.GotoAsync("certificates");
        await Screenshots.SaveAsync(page, "certificates");
        await page.GetByRole(AriaRole.Link, new() { Name = "site", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Private key (PEM)")).ToHaveValueAsync("");
        AssertNoKey(site, await page.ContentAsync());
        await Screenshots.SaveAsync(page, "certificate-edit");

        // A key that is not this certificate's: refused at the key field, and the posted key is not echoed back.
        var other = TestCertificates.Create("other", "other.example");
        await page.GetByLabel("Private key (PEM)").FillAsync(other.KeyPem);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage replacement" }).ClickAsync();
        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Private key (PEM)") })).ToContainTextAsync("does not belong to this certificate");
        AssertNoKey(other, await page.ContentAsync());
        AssertNoKey(site, await page.ContentAsync());

        // An empty key keeps the stored one.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage replacement" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "certificates");
    }

    [Fact]
    public async Task Delete_WhileAListenerPresentsTheCertificate_IsRefusedWithTheListenerNamed()
    {
        await using var host = await AdminUiHost.StartAsync();
        var site = TestCertificates.Create("site", "site.example");
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(site.Config), ConfigOperation.Create(new ListenerConfig { Id = "tls", Address = "127.0.0.1:0", Certificates = ["site"] })], "test", "a TLS listener");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("certificates");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CN=site.example" })).ToContainTextAsync("tls");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete certificate site" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Listeners still present it: tls");
        await Screenshots.SaveAsync(page, "certificate-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("in use by listener tls");
        Assert.Single(host.Store.Read().Document.Certificates);
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
        AssertNoKey(site, await page.ContentAsync());
    }

    private static void AssertNoKey(TestCertificate certificate, string html)
    {
        Assert.DoesNotContain(certificate.KeyLine, html, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY-----\n", html.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
