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
