namespace Gateway.Admin.Store.Entities;

internal sealed class ListenerRow
{
    public required string Id { get; set; }

    public required string Address { get; set; }

    /// <summary><see cref="Core.Configuration.ListenerProtocols"/> flags.</summary>
    public int Protocols { get; set; }

    public string? Rules { get; set; }

    public long? TarpitTimeoutTicks { get; set; }

    public bool AcceptProxy { get; set; }

    public int? MaxConnections { get; set; }

    public bool StrictSni { get; set; }

    public List<ListenerCertificateRow> Certificates { get; set; } = [];
}
