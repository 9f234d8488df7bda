namespace Gateway.Admin.Store.Rows;

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

    /// <summary>0 http, 1 tcp (<see cref="Core.Configuration.ListenerMode"/>).</summary>
    public int Mode { get; set; }

    public string? DefaultClusterId { get; set; }

    public long? IdleTimeoutTicks { get; set; }

    public bool StrictSni { get; set; }

    public List<ListenerCertificateRow> Certificates { get; set; } = [];

    /// <summary>HTTP mode: the request header timeout; null for the default.</summary>
    public long? RequestHeaderTimeoutTicks { get; set; }

    /// <summary>HTTP mode: minimum request body rate in bytes per second; null for the default.</summary>
    public int? MinRequestBodyRate { get; set; }

    /// <summary>HTTP mode: the HTTP/1.1 core on (true), off (false), or the host's default (null).</summary>
    public bool? Http1Core { get; set; }
}
