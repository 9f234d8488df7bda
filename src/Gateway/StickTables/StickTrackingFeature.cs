using Gateway.Core.StickTables;

namespace Gateway.StickTables;

/// <summary>The counters a connection's <c>tcp-request connection</c> rules tracked, kept on the connection so its requests inherit them.</summary>
internal sealed class StickTrackingFeature(StickTracking tracking)
{
    public StickTracking Tracking { get; } = tracking;
}
