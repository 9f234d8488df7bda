using System.Text.Json;
using Gateway.Admin.Hosting;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>
/// The standalone host's runtimeconfig (what the runtime reads before any of our code runs, so the settings cannot be
/// made in code): the tiering setting that gets a process to full speed within seconds under load (issue 18).
/// </summary>
public class StandaloneRuntimeConfigTests
{
    [Fact]
    public void RuntimeConfig_CountsCallsForTierUpWithoutDelay()
    {
        var properties = ReadConfigProperties();

        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out var delay),
            "the host's runtimeconfig has no System.Runtime.TieredCompilation.CallCountingDelayMs");
        Assert.Equal(0, delay.GetInt32());
        // Tiered compilation itself stays on: without it the hot paths would never get profile-guided code.
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out var tiered) && tiered.ValueKind == JsonValueKind.False);
    }

    private static JsonElement ReadConfigProperties()
    {
        // The host's runtimeconfig is copied beside its assembly into every project that references it.
        var assembly = typeof(StandaloneHost).Assembly.Location;
        var path = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
