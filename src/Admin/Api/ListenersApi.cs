using Gateway.Admin.Api.Collections;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/listeners</c>: the document's listeners, each with its address, protocols and rules.</summary>
internal static class ListenersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = EntityEndpoints.Map<ListenerJson>(api, EntityCollections.Listeners);
        RulesEndpoints.Map(group, EntityCollections.Listeners);
    }
}
