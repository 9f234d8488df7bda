using Gateway.Core.Sources;

namespace Gateway.Admin.Store;

/// <summary>
/// The document an empty store starts from (revision 1, "initial import"): normally the Gateway
/// section of appsettings.json. Once the store has revisions, the seed is only compared with the
/// latest one, and a difference is logged, because the store is what is in force.
/// </summary>
internal sealed class StoreSeed(IConfigSource source)
{
    public static StoreSeed Empty { get; } = new(new Gateway.ConfigSources.InMemoryConfigSource(Core.Configuration.GatewayConfig.Empty));

    public ConfigLoadResult Load() => source.Load();
}
