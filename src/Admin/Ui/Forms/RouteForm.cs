using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The route form's inputs. To add a field: a property here, a line in <see cref="From"/> and in
/// <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>, and an input in RouteEdit.razor.
/// Fields the form does not know (rules, edited in the rules editor) are kept from the route being edited.
/// </summary>
internal sealed class RouteForm
{
    public static IReadOnlyList<string> Fields { get; } = ["id", "listeners", "hosts", "path", "methods", "order", "cluster", .. ConcurrencyFormValues.Fields];

    public string? Id { get; set; }

    /// <summary>Listener ids, separated by commas or spaces; empty for every listener.</summary>
    public string? Listeners { get; set; }

    public string? Hosts { get; set; }

    public string? Path { get; set; }

    public string? Methods { get; set; }

    public string? Order { get; set; }

    public string? Cluster { get; set; }

    public string? ConcurrencyMaxRequests { get; set; }

    public string? ConcurrencyMaxQueue { get; set; }

    public string? ConcurrencyQueueTimeout { get; set; }

    public static RouteForm From(RouteConfig route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var (maxRequests, maxQueue, queueTimeout) = ConcurrencyFormValues.From(route.Concurrency);
        return new()
        {
            ConcurrencyMaxRequests = maxRequests,
            ConcurrencyMaxQueue = maxQueue,
            ConcurrencyQueueTimeout = queueTimeout,
            Id = route.Id,
            Listeners = FormValues.Text(route.Listeners),
            Hosts = FormValues.Text(route.Hosts),
            Path = route.Path,
            Methods = FormValues.Text(route.Methods),
            Order = FormValues.Text(route.Order),
            Cluster = route.Cluster,
        };
    }

    public RouteConfig? ToConfig(RouteConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var order = FormValues.Integer(Order, "order", "lower orders are tried first; leave it empty for the default", errors);
        var concurrency = ConcurrencyFormValues.ToConfig(ConcurrencyMaxRequests, ConcurrencyMaxQueue, ConcurrencyQueueTimeout, errors);
        if (errors.Any)
        {
            return null;
        }

        return (existing ?? new RouteConfig { Id = "", Cluster = "" }) with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Listeners = FormValues.List(Listeners),
            Hosts = FormValues.List(Hosts),
            Path = FormValues.Trimmed(Path),
            Methods = [.. FormValues.List(Methods).Select(m => m.ToUpperInvariant())],
            Order = order,
            Cluster = Cluster?.Trim() ?? "",
            Concurrency = concurrency,
        };
    }
}
