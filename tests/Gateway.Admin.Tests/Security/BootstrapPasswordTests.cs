using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Tests.Api;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Security;

/// <summary>How the first admin gets a password for the admin pages: from configuration, or generated and printed once.</summary>
public class BootstrapPasswordTests
{
    [Fact]
    public async Task BootstrapPassword_FromConfiguration_SignsInAsAdmin_AndIsNeverPrinted()
    {
        await using var host = await ApiHost.StartAsync(args: "--Gateway:Admin:BootstrapPassword=from-configuration-123");
        var accounts = host.Services.GetRequiredService<AdminAccounts>();

        var admin = await accounts.VerifyPasswordAsync("admin", "from-configuration-123");

        Assert.Equal(AdminRole.Admin, admin?.Role);
        Assert.DoesNotContain("from-configuration-123", host.Banner, StringComparison.Ordinal);
        Assert.DoesNotContain("password", host.Banner, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutBootstrapPassword_FirstStartPrintsAGeneratedOneOnce_ThatSignsIn()
    {
        using var root = new TempDirectory();
        string password;
        await using (var first = await ApiHost.StartAsync(root: root.Path))
        {
            var banner = first.Banner;
            var line = banner.Split('\n').Single(l => l.TrimStart().StartsWith("password", StringComparison.Ordinal));
            password = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Assert.Equal(20, password.Length);
            Assert.NotNull(await first.Services.GetRequiredService<AdminAccounts>().VerifyPasswordAsync("admin", password));
            Assert.DoesNotContain(password, first.Banner, StringComparison.Ordinal);
            Assert.DoesNotContain(first.Logs.Entries, e => e.Message.Contains(password, StringComparison.Ordinal));
        }

        await using var second = await ApiHost.StartAsync(root: root.Path);
        Assert.DoesNotContain("password", second.Banner, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FirstAdmin_IsCreatedOnceTheGatewayListenersListen_BeforeTheStartReturns()
    {
        // The password and token hashes are admin work: the proxy's listeners do not wait for them (issue 18,
        // "Time to first answer"), and the host's start still returns with the user created.
        await using var host = await ApiHost.StartAsync(args: "--Gateway:Admin:BootstrapPassword=from-configuration-123");
        var entries = host.Logs.Entries.ToList();

        var bound = entries.FindIndex(e => e.EventId.Name == "ListenerBound");
        var created = entries.FindIndex(e => e.Category == typeof(Gateway.Admin.Security.AdminBootstrap).FullName && e.EventId.Id == 31);
        Assert.True(bound >= 0, "the listener was bound");
        Assert.True(created > bound, $"the first admin was created after the listener was bound (log entries {created} and {bound})");
        Assert.NotNull(await host.Services.GetRequiredService<AdminAccounts>().VerifyPasswordAsync("admin", "from-configuration-123"));
    }

    [Fact]
    public async Task ShortBootstrapPassword_StopsTheStartWithTheReason()
    {
        using var root = new TempDirectory();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ApiHost.StartAsync(root: root.Path, args: "--Gateway:Admin:BootstrapPassword=short"));

        Assert.Contains("Gateway:Admin:BootstrapPassword is not usable", failure.Message, StringComparison.Ordinal);
    }
}
