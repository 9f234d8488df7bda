using Gateway.Core.Configuration;

namespace Gateway.Admin.Store;

/// <summary>One change a commit asks for: create, update or delete an entity, or replace the whole document.</summary>
public sealed record ConfigOperation
{
    private ConfigOperation(OperationType type, EntityKind kind, string id, object? entity, GatewayConfig? document)
    {
        Type = type;
        Kind = kind;
        Id = id;
        Entity = entity;
        Document = document;
    }

    public OperationType Type { get; }

    public EntityKind Kind { get; }

    public string Id { get; }

    /// <summary>The new <see cref="ListenerConfig"/>, <see cref="RouteConfig"/>, <see cref="ClusterConfig"/>, <see cref="MapConfig"/> or <see cref="CertificateConfig"/> for create and update.</summary>
    public object? Entity { get; }

    /// <summary>The new document for <see cref="OperationType.Replace"/>.</summary>
    public GatewayConfig? Document { get; }

    public static ConfigOperation Create(ListenerConfig listener) => new(OperationType.Create, EntityKind.Listener, Checked(listener).Id, listener, null);

    public static ConfigOperation Create(RouteConfig route) => new(OperationType.Create, EntityKind.Route, Checked(route).Id, route, null);

    public static ConfigOperation Create(ClusterConfig cluster) => new(OperationType.Create, EntityKind.Cluster, Checked(cluster).Id, cluster, null);

    public static ConfigOperation Create(MapConfig map) => new(OperationType.Create, EntityKind.Map, Checked(map).Id, map, null);

    public static ConfigOperation Create(StickTableConfig table) => new(OperationType.Create, EntityKind.StickTable, Checked(table).Id, table, null);

    public static ConfigOperation Update(StickTableConfig table) => new(OperationType.Update, EntityKind.StickTable, Checked(table).Id, table, null);

    public static ConfigOperation Create(CertificateConfig certificate) => new(OperationType.Create, EntityKind.Certificate, Checked(certificate).Id, certificate, null);

    public static ConfigOperation Update(ListenerConfig listener) => new(OperationType.Update, EntityKind.Listener, Checked(listener).Id, listener, null);

    public static ConfigOperation Update(RouteConfig route) => new(OperationType.Update, EntityKind.Route, Checked(route).Id, route, null);

    public static ConfigOperation Update(ClusterConfig cluster) => new(OperationType.Update, EntityKind.Cluster, Checked(cluster).Id, cluster, null);

    public static ConfigOperation Update(MapConfig map) => new(OperationType.Update, EntityKind.Map, Checked(map).Id, map, null);

    public static ConfigOperation Update(CertificateConfig certificate) => new(OperationType.Update, EntityKind.Certificate, Checked(certificate).Id, certificate, null);

    public static ConfigOperation Delete(EntityKind kind, string id) => new(OperationType.Delete, kind, id, null, null);

    public static ConfigOperation Replace(GatewayConfig document) => new(OperationType.Replace, default, "", null, Checked(document));

    private static T Checked<T>(T value) where T : class => value ?? throw new ArgumentNullException(nameof(value));
}

public enum OperationType
{
    Create,
    Update,
    Delete,
    Replace,
}

public enum EntityKind
{
    Listener,
    Route,
    Cluster,
    Map,
    Certificate,
    StickTable,
}
