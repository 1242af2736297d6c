using System.Buffers;
using System.Text.Json;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Encodes and decodes telemetry schema v1: compact UTF-8 JSON
/// <c>{"v":1,"device":"pump-07","facility":"plant-a","ts":1732358400000,"seq":42,"values":{"Pressure":0.98,"Temperature":null}}</c>.
/// </summary>
/// <remarks>
/// <c>ts</c> is Unix time in milliseconds, <c>seq</c> the device's message counter (duplicates are detected by it), a null or absent
/// sensor is missing. Decoding never throws on bad input: it returns a <see cref="TelemetryRejection"/> that says what is wrong.
/// </remarks>
public static class TelemetryCodec
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly long MinTimestampMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxTimestampMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The Kafka key of a record: its device id, UTF-8.</summary>
    public static string KeyOf(TelemetryRecord record) => record.DeviceId;

    /// <summary>Serializes <paramref name="record"/> as schema v1 into a new array.</summary>
    public static byte[] Encode(TelemetryRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + 24 * record.Count);
        Encode(record, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes <paramref name="record"/> as schema v1 into <paramref name="output"/>.</summary>
    public static void Encode(TelemetryRecord record, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteNumber("v"u8, SchemaVersion);
        writer.WriteString("device"u8, record.DeviceId);
        writer.WriteString("facility"u8, record.FacilityId);
        writer.WriteNumber("ts"u8, record.TimestampMs);
        writer.WriteNumber("seq"u8, record.Sequence);
        writer.WriteStartObject("values"u8);
        for (int i = 0; i < record.Features.Length; i++)
        {
            // JSON has no NaN: a non-finite value is written as missing rather than producing an unreadable message.
            if (float.IsFinite(record.Values[i])) writer.WriteNumber(record.Features[i], record.Values[i]);
            else writer.WriteNull(record.Features[i]);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Decodes and validates one message; on failure <paramref name="rejection"/> says why and <paramref name="record"/> is null.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, TelemetryValidator validator, out TelemetryRecord? record, out TelemetryRejection? rejection)
    {
        record = null;
        rejection = Parse(payload, validator.Limits, out var parsed);
        if (rejection is not null) return false;
        rejection = validator.Validate(parsed!);
        if (rejection is not null) return false;
        record = parsed;
        return true;
    }

    private static TelemetryRejection? Parse(ReadOnlySpan<byte> payload, TelemetryLimits limits, out TelemetryRecord? record)
    {
        record = null;
        if (payload.Length > limits.MaxPayloadBytes)
            return new(TelemetryRejectionReason.Oversized, $"Payload of {payload.Length} bytes exceeds the limit of {limits.MaxPayloadBytes}.");
        if (payload.IsEmpty)
            return new(TelemetryRejectionReason.MalformedJson, "Empty payload.");

        TelemetryJsonV1? dto;
        try
        {
            dto = JsonSerializer.Deserialize(payload, TelemetryJsonContext.Default.TelemetryJsonV1);
        }
        catch (JsonException e)
        {
            return new(TelemetryRejectionReason.MalformedJson, e.Message);
        }
        if (dto is null) return new(TelemetryRejectionReason.MalformedJson, "The payload is JSON null, not an object.");

        if (dto.Version is not { } version) return new(TelemetryRejectionReason.UnsupportedVersion, "Field 'v' (schema version) is missing.");
        if (version != SchemaVersion) return new(TelemetryRejectionReason.UnsupportedVersion, $"Schema version {version} is not supported; this build reads v{SchemaVersion}.");
        if (dto.Unknown is { Count: > 0 } unknown)
            return new(TelemetryRejectionReason.UnknownField, $"Unknown field(s): {string.Join(", ", unknown.Keys.Select(k => $"'{k}'"))}.");
        if (dto.Device is null) return new(TelemetryRejectionReason.MissingField, "Field 'device' is missing.");
        if (dto.Facility is null) return new(TelemetryRejectionReason.MissingField, $"Device '{dto.Device}': field 'facility' is missing.");
        if (dto.TimestampMs is not { } ts) return new(TelemetryRejectionReason.MissingField, $"Device '{dto.Device}': field 'ts' is missing.");
        if (ts < MinTimestampMs || ts > MaxTimestampMs)
            return new(TelemetryRejectionReason.MalformedJson, $"Device '{dto.Device}': 'ts' = {ts} is not a Unix time in milliseconds between years 0001 and 9999.");
        if (dto.Sequence is not { } seq) return new(TelemetryRejectionReason.MissingField, $"Device '{dto.Device}': field 'seq' is missing.");
        if (dto.Values is not { } values) return new(TelemetryRejectionReason.MissingField, $"Device '{dto.Device}' seq {seq}: field 'values' is missing.");
        if (values.Keys > limits.MaxValues)
            return new(TelemetryRejectionReason.TooManyValues, $"Device '{dto.Device}' seq {seq}: {values.Keys} values, the limit is {limits.MaxValues}.");
        record = new TelemetryRecord(dto.Device, dto.Facility, DateTimeOffset.FromUnixTimeMilliseconds(ts), seq, values.Names, values.Values);
        return null;
    }
}
