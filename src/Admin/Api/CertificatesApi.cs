using Gateway.Admin.Api.Certificates;
using Gateway.Admin.Api.Collections;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>/certificates</c>: TLS certificates listeners present. Reads show metadata and the public chain,
/// never the key; create and replace take <c>{ "certificate": PEM, "key": PEM }</c> (a key already
/// stored for the same certificate may be left out). Deleting one a listener uses is refused.
/// </summary>
internal static class CertificatesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        EntityEndpoints.Map<CertificateResource>(api, EntityCollections.Certificates);
    }
}
