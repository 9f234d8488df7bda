using Gateway.Admin.Hosting;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>
/// What a newcomer's first mistakes at start get told. A typo that breaks appsettings.json's JSON (a missing comma, say) is the first mistake many make: the standalone host
/// says which file, where and what in one line and exits with code 2, instead of dying with an unhandled exception; a
/// second gateway started on the first one's admin address is told how to run beside it.
/// </summary>
public class StartupMistakeTests
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

    [Fact]
    public async Task ASecondGatewayOnTheSameAdminAddress_ExitsWithCode1_AndSaysHowToRunBesideTheFirst()
    {
        using var root = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(root.Path, "appsettings.json"), """
            { "Logging": { "LogLevel": { "Default": "None" } }, "Gateway": { "Listeners": { "web": { "Address": "127.0.0.1:0" } } } }
            """);
        using var first = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        first.Start();
        var admin = $"http://127.0.0.1:{((System.Net.IPEndPoint)first.LocalEndpoint).Port}";
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await StandaloneHost.RunAsync([$"--Gateway:Admin:Url={admin}"], output, error, root.Path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"The gateway could not start: Failed to bind to address {admin}: address already in use.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--Gateway:Admin:Url=http://127.0.0.1:19090 --Gateway:Database:Path=data/second.db", error.ToString(), StringComparison.Ordinal);
    }
}
