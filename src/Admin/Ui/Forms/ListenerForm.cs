using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The listener form's inputs. To add a field: a property here, a line in <see cref="From"/> and in
/// <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>, and an input in ListenerEdit.razor.
/// Fields the form does not know are kept from the listener being edited, never reset.
/// </summary>
internal sealed class ListenerForm
{
    public static IReadOnlyList<string> Fields { get; } = ["id", "address", "protocols", "acceptProxy", "maxConnections", "tarpitTimeout", "certificates", "strictSni", "mode", "defaultCluster", "idleTimeout"];

    public string? Id { get; set; }

    public string? Address { get; set; }

    public bool Http1 { get; set; }

    public bool Http2 { get; set; }

    public bool Http3 { get; set; }

    public bool AcceptProxy { get; set; }

    public string? MaxConnections { get; set; }

    public string? TarpitTimeout { get; set; }

    /// <summary>Certificate ids, separated by commas or spaces; empty for a cleartext listener.</summary>
    public string? Certificates { get; set; }

    public bool StrictSni { get; set; }

    public ListenerMode Mode { get; set; } = ListenerMode.Http;

    /// <summary>A cluster id; empty for none (HTTP mode then answers unmatched requests with the not-found page).</summary>
    public string? DefaultCluster { get; set; }

    public string? IdleTimeout { get; set; }

    public string? RequestHeaderTimeout { get; set; }

    public string? MinRequestBodyRate { get; set; }

    public static ListenerForm From(ListenerConfig listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return new()
        {
            Id = listener.Id,
            Address = listener.Address,
            Http1 = listener.Protocols.HasFlag(ListenerProtocols.Http1),
            Http2 = listener.Protocols.HasFlag(ListenerProtocols.Http2),
            Http3 = listener.Protocols.HasFlag(ListenerProtocols.Http3),
            AcceptProxy = listener.AcceptProxy,
            MaxConnections = FormValues.Text(listener.MaxConnections),
            TarpitTimeout = FormValues.Text(listener.TarpitTimeout),
            Certificates = FormValues.Text(listener.Certificates),
            StrictSni = listener.StrictSni,
            Mode = listener.Mode,
            DefaultCluster = listener.DefaultCluster,
            IdleTimeout = FormValues.Text(listener.IdleTimeout),
            RequestHeaderTimeout = FormValues.Text(listener.RequestHeaderTimeout),
            MinRequestBodyRate = FormValues.Text(listener.MinRequestBodyRate),
        };
    }

    /// <summary>The listener these inputs describe, built on <paramref name="existing"/> (null for a new one); null when an input does not parse.</summary>
    public ListenerConfig? ToConfig(ListenerConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var maxConnections = FormValues.Integer(MaxConnections, "maxConnections", "leave it empty for no limit", errors);
        var tarpit = FormValues.Duration(TarpitTimeout, "tarpitTimeout", "leave it empty for the default of five seconds", errors);
        var idle = FormValues.Duration(IdleTimeout, "idleTimeout", "leave it empty for the default (tcp: one hour; http: the host's keep-alive timeout, 130 s)", errors);
        var headers = FormValues.Duration(RequestHeaderTimeout, "requestHeaderTimeout", "leave it empty for the default of five seconds", errors);
        var bodyRate = FormValues.Integer(MinRequestBodyRate, "minRequestBodyRate", $"leave it empty for the default of {ListenerConfig.DefaultMinRequestBodyRate} bytes per second", errors);
        if (errors.Any)
        {
            return null;
        }

        var protocols = (Http1 ? ListenerProtocols.Http1 : ListenerProtocols.None)
            | (Http2 ? ListenerProtocols.Http2 : ListenerProtocols.None)
            | (Http3 ? ListenerProtocols.Http3 : ListenerProtocols.None);
        return (existing ?? new ListenerConfig { Id = "", Address = "" }) with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Address = Address?.Trim() ?? "",
            Protocols = protocols,
            AcceptProxy = AcceptProxy,
            MaxConnections = maxConnections,
            TarpitTimeout = tarpit,
            Certificates = FormValues.List(Certificates),
            StrictSni = StrictSni,
            Mode = Mode,
            DefaultCluster = FormValues.Trimmed(DefaultCluster),
            IdleTimeout = idle,
            RequestHeaderTimeout = headers,
            MinRequestBodyRate = bodyRate,
        };
    }
}
