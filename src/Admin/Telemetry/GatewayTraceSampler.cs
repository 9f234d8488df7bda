using OpenTelemetry.Trace;

namespace Gateway.Admin.Telemetry;

/// <summary>
/// Starts new traces only at the gateway's request spans (server spans), at the configured ratio. Any other
/// span without a parent is dropped: .NET's HTTP client spans are traced only as the forwarder's, under a
/// request, never for a health check's probe or an admin call on their own.
/// </summary>
internal sealed class GatewayTraceSampler(double ratio) : Sampler
{
    private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == System.Diagnostics.ActivityKind.Server
            ? _ratio.ShouldSample(samplingParameters)
            : new SamplingResult(SamplingDecision.Drop);
}
