using Gateway.Admin.Tests.Api;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>The Data Protection key ring decrypts the stored certificate keys, so only the gateway's own account may read it.</summary>
public class KeyRingPermissionsTests
{
    [Fact]
    public async Task StandaloneHost_KeepsItsKeyRingInAFolderOnlyItsAccountCanOpen()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no Unix modes; the folder inherits its ACL from the data folder.
        }

        await using var host = await ApiHost.StartAsync();
        var keys = Path.Combine(host.Root, "data", "keys");

        Assert.True(Directory.Exists(keys));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
    }
}

/// <summary>The database holds password and token hashes and sessions: only the gateway's own account may read it.</summary>
public class DatabasePermissionsTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task DatabaseAndItsWalAndSharedMemoryFiles_AreCreatedOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var host = await ApiHost.StartAsync();
        var database = Path.Combine(host.Root, "data", "gateway.db");
        // A read through the store keeps a pooled connection open, so SQLite keeps its WAL and shared-memory files
        // (they go when the last connection closes, which a start-up with nothing to read can reach).
        using var read = await host.Admin.GetAsync("revisions");

        Assert.True(File.Exists(database + "-wal") && File.Exists(database + "-shm"), "the WAL and shared-memory files exist while the host runs");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            Assert.Equal((file, OwnerOnly), (file, File.GetUnixFileMode(file)));
        }
    }

    [Fact]
    public void ADatabaseAnOlderBuildCreatedReadableByAll_IsNarrowedAtStart()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var root = new Gateway.Tests.Common.TempDirectory();
        var path = Path.Combine(root.Path, "gateway.db");
        var database = new Gateway.Admin.Store.GatewayDatabase(
            Microsoft.Extensions.Options.Options.Create(new Gateway.Admin.Store.DatabaseOptions { Path = path }), new Gateway.Tests.Common.TestHostEnvironment(root.Path));
        database.Initialize();
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        database.Initialize();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
    }
}
