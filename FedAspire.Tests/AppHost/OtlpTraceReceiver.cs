using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.AppHost;

/// <summary>
/// A minimal OTLP/HTTP (protobuf) collector on loopback: keeps every span posted to <c>/v1/traces</c> and accepts logs and
/// metrics without reading them. Decodes only the fields the tests read (resource attributes, scope name, span ids and name).
/// </summary>
internal sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private int _requests;

    private OtlpTraceReceiver(WebApplication app) => _app = app;

    /// <summary>The base URL exporters are given (the exporter appends /v1/traces, /v1/logs, /v1/metrics).</summary>
    public string Endpoint { get; private set; } = "";

    public IReadOnlyCollection<OtlpSpan> Spans => _spans;

    public int TraceRequests => Volatile.Read(ref _requests);

    public static async Task<OtlpTraceReceiver> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // OTLP/HTTP is HTTP/1.1 or 2 over plain TCP; a free loopback port.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1AndHttp2));
        var app = builder.Build();
        var receiver = new OtlpTraceReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Read(body.ToArray());
            Interlocked.Increment(ref receiver._requests);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync(ct);
        var address = app.Urls.Single();
        receiver.Endpoint = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private void Read(byte[] message)
    {
        foreach (var (field, resourceSpans) in Fields(message))
            if (field == 1) ReadResourceSpans(resourceSpans);
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }  Resource { repeated KeyValue attributes = 1; }
    private void ReadResourceSpans(ReadOnlyMemory<byte> message)
    {
        string service = "", instance = "";
        var scopes = new List<ReadOnlyMemory<byte>>();
        foreach (var (field, value) in Fields(message))
        {
            if (field == 2) scopes.Add(value);
            else if (field == 1)
                foreach (var (attributeField, attribute) in Fields(value))
                    if (attributeField == 1 && StringAttribute(attribute) is { } kv)
                    {
                        if (kv.Key == "service.name") service = kv.Value;
                        else if (kv.Key == "service.instance.id") instance = kv.Value;
                    }
        }
        foreach (var scopeSpans in scopes) ReadScopeSpans(scopeSpans, service, instance);
    }

    // ScopeSpans { InstrumentationScope scope = 1 { string name = 1; }; repeated Span spans = 2; }
    private void ReadScopeSpans(ReadOnlyMemory<byte> message, string service, string instance)
    {
        string scope = "";
        var spans = new List<ReadOnlyMemory<byte>>();
        foreach (var (field, value) in Fields(message))
        {
            if (field == 1) scope = Fields(value).Where(f => f.Field == 1).Select(f => Encoding.UTF8.GetString(f.Value.Span)).FirstOrDefault() ?? "";
            else if (field == 2) spans.Add(value);
        }
        // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; ... }
        foreach (var span in spans)
        {
            string traceId = "", spanId = "", parent = "", name = "";
            foreach (var (field, value) in Fields(span))
            {
                switch (field)
                {
                    case 1: traceId = Convert.ToHexStringLower(value.Span); break;
                    case 2: spanId = Convert.ToHexStringLower(value.Span); break;
                    case 4: parent = Convert.ToHexStringLower(value.Span); break;
                    case 5: name = Encoding.UTF8.GetString(value.Span); break;
                }
            }
            _spans.Enqueue(new OtlpSpan(traceId, spanId, parent, name, scope, service, instance));
        }
    }

    // KeyValue { string key = 1; AnyValue value = 2 { string string_value = 1; ... } }
    private static KeyValuePair<string, string>? StringAttribute(ReadOnlyMemory<byte> keyValue)
    {
        string? key = null, text = null;
        foreach (var (field, value) in Fields(keyValue))
        {
            if (field == 1) key = Encoding.UTF8.GetString(value.Span);
            else if (field == 2)
                foreach (var (anyField, anyValue) in Fields(value))
                    if (anyField == 1) text = Encoding.UTF8.GetString(anyValue.Span);
        }
        return key is not null && text is not null ? new(key, text) : null;
    }

    /// <summary>The length-delimited fields of a protobuf message (varint and fixed fields are skipped: nothing read here uses them).</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var span = message.Span;
        int position = 0;
        while (position < span.Length)
        {
            ulong tag = Varint(span, ref position);
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            switch (wire)
            {
                case 0: Varint(span, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    int length = checked((int)Varint(span, ref position));
                    if (position + length > span.Length) throw new InvalidDataException($"OTLP field {field}: length {length} runs past the message end ({span.Length}).");
                    fields.Add((field, message.Slice(position, length)));
                    position += length;
                    break;
                default: throw new InvalidDataException($"OTLP field {field}: unsupported wire type {wire} at byte {position}.");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length) throw new InvalidDataException("OTLP message ends inside a varint.");
            byte b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("OTLP varint longer than 10 bytes.");
    }
}
