using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Admin.Telemetry;

/// <summary>
/// The gateway's telemetry through OpenTelemetry: its meters for Prometheus at the admin's <c>/metrics</c>,
/// and, when <c>Gateway:Telemetry:OtlpEndpoint</c> is set, metrics and the <c>Gateway</c> activity source's
/// spans pushed by OTLP. Without an endpoint no tracer is attached, so the gateway creates no span at all.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>The gateway's <c>ActivitySource</c> (Gateway.Tracing.GatewayTracing.SourceName; internal there).</summary>
    public const string GatewaySource = "Gateway";

    /// <summary>
    /// .NET's HTTP client span under each try: the client makes one (unexported, without a listener) whenever a span is
    /// current and sends its id in <c>traceparent</c>, so it must be exported for the server's parent to arrive too.
    /// </summary>
    public const string HttpClientSource = "System.Net.Http";

    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        var options = new TelemetryOptions();
        section.Bind(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The telemetry settings are not usable:\n" + string.Join('\n', problems));
        }

        services.Configure<TelemetryOptions>(section);
        services.AddAuthorization(MetricsScrapeRequirement.Add);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, MetricsScrapeHandler>());
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(options.ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter("Gateway", "Gateway.*").AddPrometheusExporter();
            if (options.OtlpConfigured && options.Metrics)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, options, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricsIntervalValue.TotalMilliseconds;
                });
            }
        });

        if (options.OtlpConfigured && options.Traces && options.TraceSamplingRatio > 0)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewaySource, HttpClientSource)
                .SetSampler(new ParentBasedSampler(new GatewayTraceSampler(options.TraceSamplingRatio)))
                .AddOtlpExporter(exporter => Configure(exporter, options, "v1/traces")));
        }

        return services;
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        var endpoint = new Uri(options.OtlpEndpoint!, UriKind.Absolute);
        if (options.UsesGrpc)
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
        else
        {
            // Set in code, the endpoint is used as it is: the signal's path is ours to add.
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpHeaders))
        {
            exporter.Headers = options.OtlpHeaders;
        }
    }
}
