using Gateway.Admin.Api.Collections;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/clusters</c>: the document's clusters, each with its servers, balancing and rules (servers also have their own endpoints).</summary>
internal static class ClustersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = EntityEndpoints.Map<ClusterJson>(api, EntityCollections.Clusters);
        RulesEndpoints.Map(group, EntityCollections.Clusters);
    }
}
