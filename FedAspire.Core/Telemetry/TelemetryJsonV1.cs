using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedAspire.Core.Telemetry;

/// <summary>The wire shape of schema v1 (see docs/analytics.md); every member is optional here so absence is reported as a rejection, not an exception.</summary>
internal sealed class TelemetryJsonV1
{
    [JsonPropertyName("v")] public int? Version { get; set; }
    [JsonPropertyName("device")] public string? Device { get; set; }
    [JsonPropertyName("facility")] public string? Facility { get; set; }
    [JsonPropertyName("ts")] public long? TimestampMs { get; set; }
    [JsonPropertyName("seq")] public long? Sequence { get; set; }
    [JsonPropertyName("values"), JsonConverter(typeof(SensorValuesConverter))] public SensorValues? Values { get; set; }

    /// <summary>Fields the schema does not define land here, so they can be named in the rejection.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>Source-generated System.Text.Json metadata for the telemetry wire format.</summary>
/// <remarks>Named literals ("NaN", "Infinity") are read so that they can be rejected as non-finite values with a precise message.</remarks>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, MaxDepth = 8)]
[JsonSerializable(typeof(TelemetryJsonV1))]
internal sealed partial class TelemetryJsonContext : JsonSerializerContext;
