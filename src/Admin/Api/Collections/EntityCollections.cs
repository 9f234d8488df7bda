using System.Collections.Frozen;
using Gateway.Admin.Api.Certificates;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Api.Collections;

/// <summary>The document's top-level collections, by name.</summary>
internal static class EntityCollections
{
    public static EntityCollection<ListenerConfig, ListenerJson> Listeners { get; } = new()
    {
        Name = "listeners",
        Noun = "listener",
        Kind = EntityKind.Listener,
        List = d => d.Listeners,
        Id = l => l.Id,
        ToWire = CanonicalJson.ToWire,
        FromWire = CanonicalJson.FromWire,
        CreateOperation = ConfigOperation.Create,
        UpdateOperation = ConfigOperation.Update,
        GetRules = l => l.Rules,
        SetRules = (l, rules) => l with { Rules = rules },
    };

    public static EntityCollection<RouteConfig, RouteJson> Routes { get; } = new()
    {
        Name = "routes",
        Noun = "route",
        Kind = EntityKind.Route,
        List = d => d.Routes,
        Id = r => r.Id,
        ToWire = CanonicalJson.ToWire,
        FromWire = CanonicalJson.FromWire,
        CreateOperation = ConfigOperation.Create,
        UpdateOperation = ConfigOperation.Update,
        GetRules = r => r.Rules,
        SetRules = (r, rules) => r with { Rules = rules },
    };

    public static EntityCollection<ClusterConfig, ClusterJson> Clusters { get; } = new()
    {
        Name = "clusters",
        Noun = "cluster",
        Kind = EntityKind.Cluster,
        List = d => d.Clusters,
        Id = c => c.Id,
        ToWire = CanonicalJson.ToWire,
        FromWire = CanonicalJson.FromWire,
        CreateOperation = ConfigOperation.Create,
        UpdateOperation = ConfigOperation.Update,
        GetRules = c => c.Rules,
        SetRules = (c, rules) => c with { Rules = rules },
    };

    public static EntityCollection<MapConfig, MapJson> Maps { get; } = new()
    {
        Name = "maps",
        Noun = "map",
        Kind = EntityKind.Map,
        List = d => d.Maps,
        Id = m => m.Id,
        ToWire = CanonicalJson.ToWire,
        FromWire = (model, _, _) => CanonicalJson.FromWire(model),
        CreateOperation = ConfigOperation.Create,
        UpdateOperation = ConfigOperation.Update,
    };

    public static EntityCollection<CertificateConfig, CertificateResource> Certificates { get; } = new()
    {
        Name = "certificates",
        Noun = "certificate",
        Kind = EntityKind.Certificate,
        List = d => d.Certificates,
        Id = c => c.Id,
        ToWire = c => CertificateResource.From(c, TimeProvider.System),
        FromWire = CertificateResource.ToConfig,
        CreateOperation = ConfigOperation.Create,
        UpdateOperation = ConfigOperation.Update,
    };

    public static EntityCollection<StickTableConfig, StickTableJson> StickTables { get; } = new()
    {
        Name = "stick-tables",
        Noun = "stick-table",
        Kind = EntityKind.StickTable,
        List = d => d.StickTables,
        Id = t => t.Id,
        ToWire = CanonicalJson.ToWire,
        FromWire = CanonicalJson.FromWire,
        CreateOperation = ConfigOperation.Create,
        UpdateOperation = ConfigOperation.Update,
    };

    public static FrozenDictionary<string, IEntityCollection> ByName { get; } =
        new IEntityCollection[] { Listeners, Routes, Clusters, Maps, Certificates, StickTables }.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
}
