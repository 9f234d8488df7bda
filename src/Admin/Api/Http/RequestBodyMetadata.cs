using Microsoft.AspNetCore.Builder;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// The body an endpoint reads, for the OpenAPI document only. Not <c>Accepts&lt;T&gt;()</c>: that also makes
/// routing pick endpoints by Content-Type, and a body of the wrong type would then find no endpoint (404)
/// instead of reaching the handler, which answers 415 with what it takes.
/// </summary>
internal sealed class RequestBodyMetadata(Type type, IReadOnlyList<string> contentTypes)
{
    public Type Type { get; } = type;

    public IReadOnlyList<string> ContentTypes { get; } = contentTypes;
}

internal static class RequestBodyMetadataExtensions
{
    public static RouteHandlerBuilder AcceptsBody<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new RequestBodyMetadata(typeof(T), contentTypes));
}
