using Gateway.Admin.Api.Collections;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/routes</c>: the document's routes, each matching requests (hosts, path, methods) to a cluster, with its rules.</summary>
internal static class RoutesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = EntityEndpoints.Map<RouteJson>(api, EntityCollections.Routes);
        RulesEndpoints.Map(group, EntityCollections.Routes);
    }
}
