using Gateway.Admin.Hosting;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>
/// A typo that breaks appsettings.json's JSON (a missing comma, say) is the first mistake many make: the standalone host
/// says which file, where and what in one line and exits with code 2, instead of dying with an unhandled exception.
/// </summary>
public class SettingsFileErrorTests
{
    [Fact]
    public async Task AnAppsettingsFileThatIsNotJson_IsNamedWithItsLineAndPosition_AndTheHostExitsWithCode2()
    {
        using var root = new TempDirectory();
        var settings = Path.Combine(root.Path, "appsettings.json");
        await File.WriteAllTextAsync(settings, "{\n  \"Gateway\": {\n    \"Database\": { \"Path\": \"data/gateway.db\" \"X\": 1 }\n  }\n}\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await StandaloneHost.RunAsync([], output, error, root.Path);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"The gateway could not start: {settings} is not valid JSON: line 3, position 45: '\"' is invalid after a value. Expected either ',', '}}', or ']'.",
            error.ToString().TrimEnd());
        Assert.False(Directory.Exists(Path.Combine(root.Path, "data")));
    }
}
