using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Http;

/// <summary>
/// Adds the response rules to every route: they run once the server's status and headers have
/// been copied to the client response and before any of the body is sent.
/// </summary>
internal sealed class RuleResponseTransform : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddResponseTransform(RunAsync);

    private static async ValueTask RunAsync(ResponseTransformContext context)
    {
        var state = context.HttpContext.Features.Get<GatewayRuleState>();
        if (state is not null && context.ProxyResponse is not null)
        {
            state.ServerStatus = (int)context.ProxyResponse.StatusCode; // before response rules, as HAProxy counts http_err
        }

        if (state is null || context.ProxyResponse is null || GatewayRulePipeline.RunResponse(state) != RuleOutcome.Respond)
        {
            return;
        }

        // http-response deny or redirect: the server's answer is replaced, body and all.
        context.SuppressResponseBody = true;
        var response = context.HttpContext.Response;
        response.Headers.Clear();
        await RuleResponseWriter.WriteAsync(context.HttpContext, state.Session.Response!, TimeSpan.Zero, TimeProvider.System, state.ErrorPages());
    }
}
