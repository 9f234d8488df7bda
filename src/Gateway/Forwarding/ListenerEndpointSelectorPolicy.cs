using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Gateway.Connections;

namespace Gateway.Forwarding;

/// <summary>
/// Keeps the gateway's endpoints and the host's endpoints apart by the listener a connection
/// arrived on (not by the Host header, which a client chooses): on a gateway listener only
/// gateway endpoints bound to that listener match; elsewhere only the host's own endpoints do.
/// </summary>
internal sealed class ListenerEndpointSelectorPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After YARP's header and query policies; the order among these filters does not matter.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Metadata.GetMetadata<GatewayEndpointMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var listener = httpContext.Features.Get<IGatewayListenerFeature>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }

            var gateway = candidates[i].Endpoint.Metadata.GetMetadata<GatewayEndpointMetadata>();
            var valid = listener is null ? gateway is null : gateway is not null && gateway.Serves(listener.ListenerId);
            if (!valid)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
