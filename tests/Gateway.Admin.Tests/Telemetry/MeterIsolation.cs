namespace Gateway.Admin.Tests.Telemetry;

/// <summary>
/// Tests that read exported metrics run alone. OpenTelemetry's meter listener sees every meter in the
/// process, not only its own host's: a host another test disposes at the same moment ends the shared
/// instruments' streams, and a scrape then shows nothing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterIsolation
{
    public const string Name = "Exported metrics";
}
