using Gateway.Admin.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// The request body limit of the admin API. Routing applies <see cref="IRequestSizeLimitMetadata"/>
/// to the server's per-request limit before the endpoint runs, so Kestrel itself refuses a body
/// that is too big while it is being read; the filter turns that refusal into a 413 problem.
/// </summary>
internal static class ApiRequestLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, IOptions<AdminOptions> options)
        where TBuilder : IEndpointConventionBuilder
    {
        var limit = options.Value.MaxRequestBodySize;
        builder.WithMetadata(new BodySizeLimit(limit));
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return ApiProblems.TooLarge(limit);
            }
        });
        return builder;
    }

    private sealed class BodySizeLimit(long limit) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => limit;
    }
}
