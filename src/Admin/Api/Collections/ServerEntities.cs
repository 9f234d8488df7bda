using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Admin.Api.Http;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Admin.Api.Collections;

/// <summary>A cluster's servers, which live inside their cluster: reading one and writing it back as a change to the cluster.</summary>
internal static class ServerEntities
{
    public const string Collection = "servers";

    public static JsonObject ToJson(ServerConfig server) => JsonSerializer.SerializeToNode(CanonicalJson.ToWire(server), ApiJson.Options)!.AsObject();

    public static ServerConfig? Parse(JsonObject json, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        var model = ApiBody.Convert<ServerJson>(json, path, errors);
        if (model is null)
        {
            return null;
        }

        var server = CanonicalJson.FromWire(model, path, errors);
        return errors.Count == before ? server : null;
    }

    public static ServerConfig? Find(ClusterConfig cluster, string id) =>
        cluster.Servers.FirstOrDefault(s => s.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The cluster with <paramref name="server"/> added or put in place of the one with its id.</summary>
    public static ClusterConfig With(ClusterConfig cluster, ServerConfig server)
    {
        var servers = cluster.Servers.ToList();
        var index = servers.FindIndex(s => s.Id.Equals(server.Id, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            servers.Add(server);
        }
        else
        {
            servers[index] = server;
        }

        return cluster with { Servers = servers };
    }

    public static ClusterConfig Without(ClusterConfig cluster, string id) =>
        cluster with { Servers = [.. cluster.Servers.Where(s => !s.Id.Equals(id, StringComparison.OrdinalIgnoreCase))] };
}
