using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Tests.Telemetry;

/// <summary>
/// A test OpenTelemetry collector: OTLP over HTTP/protobuf on 127.0.0.1:0. It keeps every span it
/// receives (read with <see cref="ProtobufReader"/>, since no OTLP protobuf package is served here)
/// and the raw metric exports.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public ConcurrentQueue<byte[]> MetricExports { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            var body = await ReadAsync(context);
            foreach (var span in ReceivedSpan.ReadExport(body))
            {
                receiver!.Spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            receiver!.MetricExports.Enqueue(await ReadAsync(context));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpReceiver(app, url);
        return receiver;
    }

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One span as OTLP carries it (opentelemetry/proto/trace/v1/trace.proto), with the fields the tests read.</summary>
public sealed record ReceivedSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int KindServer = 2;
    public const int KindClient = 3;

    /// <summary>ExportTraceServiceRequest: 1 resource_spans → 2 scope_spans → (1 scope → 1 name; 2 spans).</summary>
    public static IEnumerable<ReceivedSpan> ReadExport(byte[] body)
    {
        foreach (var resourceSpans in ProtobufReader.Messages(body, 1))
        {
            foreach (var scopeSpans in ProtobufReader.Messages(resourceSpans, 2))
            {
                var scope = ProtobufReader.Messages(scopeSpans, 1).Select(s => ProtobufReader.Text(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in ProtobufReader.Messages(scopeSpans, 2))
                {
                    yield return Read(scope, span);
                }
            }
        }
    }

    /// <summary>Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes (KeyValue: 1 key, 2 AnyValue: 1 string, 3 int).</summary>
    private static ReceivedSpan Read(string scope, byte[] span)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in ProtobufReader.Messages(span, 9))
        {
            var key = ProtobufReader.Text(pair, 1) ?? "";
            var any = ProtobufReader.Messages(pair, 2).FirstOrDefault() ?? [];
            attributes[key] = ProtobufReader.Text(any, 1) ?? ProtobufReader.Varint(any, 3)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }

        return new ReceivedSpan(
            scope,
            Convert.ToHexStringLower(ProtobufReader.Bytes(span, 1) ?? []),
            Convert.ToHexStringLower(ProtobufReader.Bytes(span, 2) ?? []),
            Convert.ToHexStringLower(ProtobufReader.Bytes(span, 4) ?? []),
            ProtobufReader.Text(span, 5) ?? "",
            (int)(ProtobufReader.Varint(span, 6) ?? 0),
            attributes);
    }
}

/// <summary>Just enough of the protobuf wire format to read OTLP in tests: varints and length-delimited fields.</summary>
public static class ProtobufReader
{
    public static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field && f.WireType == 2).Select(f => f.Payload).ToList();

    public static byte[]? Bytes(byte[] message, int field) => Messages(message, field).FirstOrDefault();

    public static string? Text(byte[] message, int field) => Bytes(message, field) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public static long? Varint(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field && f.WireType == 0).Select(f => (long?)f.Value).FirstOrDefault();

    private static List<(int Field, int WireType, long Value, byte[] Payload)> Fields(byte[] message)
    {
        var fields = new List<(int, int, long, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var wireType = (int)(key & 7);
            var field = (int)(key >> 3);
            switch (wireType)
            {
                case 0:
                    fields.Add((field, wireType, (long)ReadVarint(message, ref position), []));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    fields.Add((field, wireType, 0, message[position..(position + length)]));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wireType} at {position}");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
