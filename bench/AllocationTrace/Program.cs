using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// AllocationTrace TRACE.nettrace [REQUESTS] [FRAMES]
//
// TRACE: `dotnet-trace collect --providers Microsoft-Windows-DotNETRuntime:0x1:5` (the GC keyword at verbose level: an
// AllocationTick event about every 100 KB a thread allocates, with the type of the object that crossed the mark and the
// bytes since the last one). The sum of those amounts is the bytes allocated, and the types and stacks of the sampled
// objects tell where they come from in proportion. REQUESTS (what the load served during the trace) turns the total into
// bytes per request. FRAMES: how many frames of each stack to print (default 6).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AllocationTrace TRACE.nettrace [REQUESTS] [FRAMES]");
    return 2;
}

var requests = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var frames = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, long>();
var byStack = new Dictionary<string, long>();
long total = 0;
foreach (var data in log.Events)
{
    if (data is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    total += tick.AllocationAmount64;
    byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + tick.AllocationAmount64;
    var names = new List<string>();
    for (var frame = data.CallStack(); frame is not null && names.Count < frames; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        names.Add(string.IsNullOrEmpty(name) ? frame.CodeAddress.ModuleName + "!?" : name);
    }

    var stack = tick.TypeName + "  <=  " + string.Join("  <  ", names);
    byStack[stack] = byStack.GetValueOrDefault(stack) + tick.AllocationAmount64;
}

Console.WriteLine(requests > 0
    ? $"allocated {total:N0} bytes, {(double)total / requests:F1} per request ({requests:N0} requests)"
    : $"allocated {total:N0} bytes");
if (total == 0)
{
    return 0;
}

Console.WriteLine("by type:");
foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Take(20))
{
    Console.WriteLine($"{100.0 * bytes / total,6:F1} %  {type}");
}

Console.WriteLine("by stack:");
foreach (var (stack, bytes) in byStack.OrderByDescending(p => p.Value).Take(20))
{
    Console.WriteLine($"{100.0 * bytes / total,6:F1} %  {stack}");
}

return 0;
