using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gateway.Benchmarks;

/// <summary>
/// Which types a run allocates, sampled in process: the runtime's GC AllocationTick event fires about every 100 KB
/// allocated and names the type of the object that crossed the mark, so over tens of megabytes the counts per type rank
/// the allocations by bytes. Used by <c>core-alloc … types</c> to see what a proxied request still allocates.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    public bool Recording { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    /// <summary>The sampled types by share of the sampled bytes, largest first, scaled to bytes per request.</summary>
    public IEnumerable<string> Report(long requests, long totalBytes)
    {
        var sampled = _bytesByType.Values.Sum();
        return _bytesByType.OrderByDescending(p => p.Value).Take(25)
            .Select(p => $"  {p.Value * 100.0 / Math.Max(1, sampled),5:0.0} %  ~{p.Value * (double)totalBytes / Math.Max(1, sampled) / requests,6:0.0} B/request  {p.Key}");
    }
}
