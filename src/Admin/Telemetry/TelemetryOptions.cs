using System.Globalization;
using System.Net;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Telemetry;

/// <summary>
/// <c>Gateway:Telemetry</c>: where traces and metrics are pushed (OTLP), how many requests are traced,
/// and which addresses may read <c>/metrics</c> without a token. With no OTLP endpoint nothing is pushed
/// and no request is traced.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Gateway:Telemetry";

    /// <summary>An OpenTelemetry collector's base URL, e.g. <c>http://127.0.0.1:4318</c> (HTTP) or <c>http://127.0.0.1:4317</c> (gRPC).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (the default; <c>/v1/traces</c> and <c>/v1/metrics</c> are appended) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>Headers sent with every export, <c>name=value</c> pairs separated by commas (an API key, say).</summary>
    public string? OtlpHeaders { get; set; }

    /// <summary>Traces are pushed when an endpoint is set, unless this is false.</summary>
    public bool Traces { get; set; } = true;

    /// <summary>The share of new traces recorded, 0 to 1; a request whose caller's <c>traceparent</c> says sampled (or not) follows its caller.</summary>
    public double TraceSamplingRatio { get; set; } = 1.0;

    /// <summary>Metrics are pushed when an endpoint is set, unless this is false (<c>/metrics</c> is served either way).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>How often metrics are pushed, in the document's duration grammar (<c>15s</c>, <c>1m</c>).</summary>
    public string MetricsInterval { get; set; } = "15s";

    /// <summary>The <c>service.name</c> the exported data carries.</summary>
    public string ServiceName { get; set; } = "gateway";

    /// <summary>Addresses or CIDR ranges (<c>10.0.0.5</c>, <c>10.0.0.0/8</c>) that may read <c>/metrics</c> without a token: a Prometheus scraper. None by default.</summary>
    public List<string> ScrapeAllowedAddresses { get; } = [];

    public bool OtlpConfigured => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public bool UsesGrpc => string.Equals(OtlpProtocol, "grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every problem with these settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (OtlpConfigured && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"{Section}:OtlpEndpoint: '{OtlpEndpoint}' is not an http:// or https:// URL.");
        }

        if (!UsesGrpc && !string.Equals(OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{Section}:OtlpProtocol: '{OtlpProtocol}' is neither 'http/protobuf' nor 'grpc'.");
        }

        if (double.IsNaN(TraceSamplingRatio) || TraceSamplingRatio is < 0 or > 1)
        {
            problems.Add($"{Section}:TraceSamplingRatio: {TraceSamplingRatio.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
        }

        if (!DurationText.TryParse(MetricsInterval, out var interval, out var error))
        {
            problems.Add($"{Section}:MetricsInterval: {error}");
        }
        else if (interval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}:MetricsInterval: {DurationText.Describe(interval)} is shorter than 1s.");
        }

        for (var i = 0; i < ScrapeAllowedAddresses.Count; i++)
        {
            if (!TryParseNetwork(ScrapeAllowedAddresses[i], out _))
            {
                problems.Add($"{Section}:ScrapeAllowedAddresses:{i}: '{ScrapeAllowedAddresses[i]}' is not an IP address or CIDR range.");
            }
        }

        return problems;
    }

    public TimeSpan MetricsIntervalValue => DurationText.TryParse(MetricsInterval, out var value, out _) ? value : TimeSpan.FromSeconds(15);

    /// <summary>An address (as a one-address range) or a CIDR range.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
