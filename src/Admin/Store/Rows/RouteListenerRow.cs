namespace Gateway.Admin.Store.Rows;

/// <summary>A route bound to a listener; a listener with routes bound to it cannot be deleted.</summary>
internal sealed class RouteListenerRow
{
    public required string RouteId { get; set; }

    public required string ListenerId { get; set; }

    public int Position { get; set; }
}
