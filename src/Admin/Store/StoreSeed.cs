using Gateway.Core.Sources;

namespace Gateway.Admin.Store;

/// <summary>
/// The document an empty store starts from (revision 1, "initial import"): normally the Gateway
/// section of appsettings.json. Once the store has revisions, the seed is only compared with the
/// latest one, and a difference is logged, because the store is what is in force.
/// </summary>
/// <remarks>
/// With <see cref="Reimport"/> (<c>--reimport-settings</c>, or <c>Gateway:Admin:ReimportSettings=true</c>), a seed that
/// differs from the latest revision is committed as a new revision at start instead, so the settings win once, on purpose.
/// </remarks>
internal sealed class StoreSeed(IConfigSource source, bool reimport = false)
{
    public static StoreSeed Empty { get; } = new(new Gateway.ConfigSources.InMemoryConfigSource(Core.Configuration.GatewayConfig.Empty));

    /// <summary>Commit the seed as a new revision at start when it differs from the store.</summary>
    public bool Reimport => reimport;

    public ConfigLoadResult Load() => source.Load();

    /// <summary>
    /// Where the seed differs from the store's document, as field paths a person can look up:
    /// <c>listeners[web].address</c>, <c>routes[api] (only in the settings)</c>, <c>clusters[old] (only in the store)</c>.
    /// </summary>
    public static IReadOnlyList<string> Differences(Core.Configuration.GatewayConfig store, Core.Configuration.GatewayConfig seed) =>
        [.. Core.Serialization.DocumentChanges.Between(store, seed).SelectMany(change => change.Kind switch
        {
            Core.Serialization.ChangeKind.Added => [$"{change.Collection}[{change.Id}] (only in the settings)"],
            Core.Serialization.ChangeKind.Removed => [$"{change.Collection}[{change.Id}] (only in the store)"],
            _ => change.Fields.Count == 0 ? [$"{change.Collection}[{change.Id}]"] : change.Fields.Select(f => $"{change.Collection}[{change.Id}].{f}"),
        })];
}
