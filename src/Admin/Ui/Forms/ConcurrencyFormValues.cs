using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>The concurrency limit's three inputs, shared by the route and cluster forms: an empty limit means none.</summary>
internal static class ConcurrencyFormValues
{
    public static readonly string[] Fields = ["concurrency.maxRequests", "concurrency.maxQueue", "concurrency.queueTimeout"];

    public static (string MaxRequests, string MaxQueue, string QueueTimeout) From(ConcurrencyLimitConfig? concurrency) =>
        (FormValues.Text(concurrency?.MaxRequests), FormValues.Text(concurrency?.MaxQueue), FormValues.Text(concurrency?.QueueTimeout));

    /// <summary>The limit the inputs describe; null when the limit is empty (a queue without a limit is reported, not dropped).</summary>
    public static ConcurrencyLimitConfig? ToConfig(string? maxRequests, string? maxQueue, string? queueTimeout, FormErrors errors)
    {
        var max = FormValues.Integer(maxRequests, "concurrency.maxRequests", "requests allowed through at once; leave it empty for no limit", errors);
        var queue = FormValues.Integer(maxQueue, "concurrency.maxQueue", "0 for no queue; leave it empty for no limit", errors);
        var timeout = FormValues.Duration(queueTimeout, "concurrency.queueTimeout", "leave it empty for the default of five seconds", errors);
        if (max is null && (queue is not null || timeout is not null))
        {
            errors.Add("concurrency.maxRequests", "A queue needs a concurrency limit: give the number of requests allowed through at once, or empty the queue fields.");
        }

        return max is { } limit ? new ConcurrencyLimitConfig { MaxRequests = limit, MaxQueue = queue, QueueTimeout = timeout } : null;
    }
}
