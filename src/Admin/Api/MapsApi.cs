using Gateway.Admin.Api.Collections;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/maps</c>: the document's maps, the key/value tables rules look values up in.</summary>
internal static class MapsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        EntityEndpoints.Map<MapJson>(api, EntityCollections.Maps);
    }
}
