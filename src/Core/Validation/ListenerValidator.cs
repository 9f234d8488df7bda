using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

internal static class ListenerValidator
{
    private static readonly TimeSpan MaxTarpitTimeout = TimeSpan.FromHours(1);
    internal static readonly TimeSpan MaxIdleTimeout = TimeSpan.FromDays(7);
    internal static readonly TimeSpan MinRequestHeaderTimeout = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan MaxRequestHeaderTimeout = TimeSpan.FromMinutes(10);

    public static void Validate(IReadOnlyList<ListenerConfig> listeners, ValidationErrors errors)
    {
        var endpoints = new Dictionary<ListenerAddress, string>();
        for (var i = 0; i < listeners.Count; i++)
        {
            var listener = listeners[i];
            var path = ValidationErrors.EntityPath("listeners", listener.Id, i);

            if (!ListenerAddress.TryParse(listener.Address, out var address))
            {
                errors.Add($"{path}.address",
                    $"'{listener.Address}' is not a listener address: write ip:port (127.0.0.1:8080, [::1]:8080), *:port or localhost:port, with a port from 0 to 65535.");
            }
            else if (address.Port != 0)
            {
                if (endpoints.TryGetValue(address, out var other))
                {
                    errors.Add($"{path}.address", $"Address {address} is already used by listener '{other}'; each listener needs its own address.");
                }
                else
                {
                    endpoints[address] = listener.Id;
                }
            }

            if (listener.Mode == ListenerMode.Tcp)
            {
                ValidateTcpMode(listener, path, errors);
            }
            else
            {
                ValidateProtocols(listener.Protocols, listener.Certificates.Count > 0, path, errors);
            }

            if (listener.TarpitTimeout is { } tarpit && (tarpit <= TimeSpan.Zero || tarpit > MaxTarpitTimeout))
            {
                errors.Add($"{path}.tarpitTimeout", $"The tarpit timeout must be longer than zero and at most one hour (for example 5s); {DurationText.Found(tarpit, MaxTarpitTimeout)}. Leave it out for the default of five seconds.");
            }

            if (!Enum.IsDefined(listener.Mode))
            {
                errors.Add($"{path}.mode", "The mode must be http or tcp.");
            }

            if (listener.IdleTimeout is { } idle && (idle <= TimeSpan.Zero || idle > MaxIdleTimeout))
            {
                errors.Add($"{path}.idleTimeout", $"The idle timeout must be longer than zero and at most seven days (for example 10m); {DurationText.Found(idle, MaxIdleTimeout)}. Leave it out for the default (TCP mode: one hour; HTTP mode: the host's keep-alive timeout, 130 s unless changed).");
            }

            if (listener.MinRequestBodyRate is { } rate && (rate < 0 || rate > 100_000_000))
            {
                errors.Add($"{path}.minRequestBodyRate", $"minRequestBodyRate is bytes per second, 0 (no minimum) to 100000000; found {rate}. Leave it out for the default of {ListenerConfig.DefaultMinRequestBodyRate}.");
            }

            if (listener.RequestHeaderTimeout is { } headers && (headers < MinRequestHeaderTimeout || headers > MaxRequestHeaderTimeout))
            {
                errors.Add($"{path}.requestHeaderTimeout", "The request header timeout must be between 100 ms and 10 minutes (for example 00:00:05); leave it out for the default of 5 seconds.");
            }

            if (listener.MaxConnections is < 1)
            {
                errors.Add($"{path}.maxConnections", $"maxConnections must be at least 1; found {listener.MaxConnections}. Leave it out for no limit.");
            }

            ErrorPageValidator.Validate(listener, path, errors);
        }
    }

    /// <summary>
    /// A TCP listener hands the connection to the forwarder before TLS or HTTP would run: TLS passes
    /// through to the servers untouched, so certificates, strict SNI and HTTP versions mean nothing there.
    /// </summary>
    private static void ValidateTcpMode(ListenerConfig listener, string path, ValidationErrors errors)
    {
        if (listener.Certificates.Count > 0)
        {
            errors.Add($"{path}.certificates", "A TCP listener forwards the connection's bytes untouched, TLS included, so its certificates would never be presented; remove them to pass TLS through to the servers, or set the mode to http to end TLS here.");
        }

        if (listener.StrictSni)
        {
            errors.Add($"{path}.strictSni", "A TCP listener forwards TLS untouched and never reads the SNI, so strict SNI cannot apply; remove it, or set the mode to http to end TLS here.");
        }

        if (listener.Protocols != ListenerProtocols.Http1)
        {
            errors.Add($"{path}.protocols", "A TCP listener does not speak HTTP, so its protocols are not used; leave them out (or http1), whatever the servers behind it speak.");
        }
    }

    private static void ValidateProtocols(ListenerProtocols protocols, bool tls, string path, ValidationErrors errors)
    {
        const ListenerProtocols overTcp = ListenerProtocols.Http1 | ListenerProtocols.Http2;
        if ((protocols & ~(overTcp | ListenerProtocols.Http3)) != 0)
        {
            errors.Add($"{path}.protocols", "Unknown protocol flags; use http1, http2 and/or http3.");
        }
        else if ((protocols & overTcp) == ListenerProtocols.None)
        {
            // HTTP/3 alone would leave nothing to serve where QUIC is missing, and clients find HTTP/3 through Alt-Svc on a TCP protocol.
            errors.Add($"{path}.protocols", protocols == ListenerProtocols.None
                ? "A listener needs a protocol: http1 or http2."
                : "http3 needs http1 or http2 beside it: clients discover HTTP/3 through them, and they serve where QUIC is unavailable.");
        }
        else if ((protocols & overTcp) == overTcp && !tls)
        {
            // Kestrel cannot offer both on one cleartext port (there is no ALPN to choose by) and
            // would silently serve HTTP/1.1 only. TLS listeners choose by ALPN.
            errors.Add($"{path}.protocols", "A cleartext listener serves either http1 or http2 (h2c with prior knowledge), not both; give HTTP/2 a listener of its own, or give the listener certificates so ALPN can choose.");
        }
        else if ((protocols & ListenerProtocols.Http3) != 0 && !tls)
        {
            errors.Add($"{path}.protocols", "http3 runs only over TLS: give the listener certificates, or leave http3 out.");
        }
    }
}
