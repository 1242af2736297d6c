namespace FedAspire.Tests.AppHost;

/// <summary>One span as an OTLP/HTTP exporter sent it: ids in hex, the exporting service and replica, the instrumentation scope.</summary>
internal sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Scope, string ServiceName, string ServiceInstance);
