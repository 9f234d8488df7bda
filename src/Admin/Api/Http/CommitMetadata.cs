using Microsoft.AspNetCore.Builder;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// Marks an endpoint that commits a revision through <c>ConfigWrites</c>, so the OpenAPI document lists the query
/// parameters every such commit reads from the request rather than from its handler's signature: <c>message</c> and
/// <c>guard</c>. Metadata rather than a list of paths, so a new endpoint that commits says so where it is mapped.
/// </summary>
internal sealed class CommitMetadata
{
    public static CommitMetadata Instance { get; } = new();

    private CommitMetadata()
    {
    }
}

internal static class CommitMetadataExtensions
{
    /// <summary>The endpoint commits through <c>ConfigWrites</c>: it takes <c>?message=</c> and <c>?guard=</c>.</summary>
    public static RouteHandlerBuilder Commits(this RouteHandlerBuilder builder) => builder.WithMetadata(CommitMetadata.Instance);
}
