using Gateway.Core.Configuration;
using Gateway.Model;

namespace Gateway.Management;

/// <summary>
/// Builds and publishes snapshots for sources that need to know a document is valid and live
/// before they answer, such as the admin store: build, commit the document, then publish.
/// </summary>
public interface IGatewaySnapshotPublisher
{
    /// <summary>Validates and compiles <paramref name="config"/> without applying it.</summary>
    ValueTask<SnapshotBuildResult> BuildAsync(GatewayConfig config, string version, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="snapshot"/> the one in force; when this returns, new requests use it.</summary>
    void Publish(GatewaySnapshot snapshot);
}
