using Gateway.Core.Validation;
using Gateway.Model;

namespace Gateway.Management;

/// <summary>A compiled snapshot, or every reason the document could not be compiled.</summary>
public sealed record SnapshotBuildResult(GatewaySnapshot? Snapshot, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Snapshot is not null;
}
