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

        TelemetryFields fields;
        try
        {
            fields = ReadFields(payload);
        }
        catch (JsonException e)
        {
            return new(TelemetryRejectionReason.MalformedJson, e.Message);
        }
        if (fields.IsNull) return new(TelemetryRejectionReason.MalformedJson, "The payload is JSON null, not an object.");

        if (fields.Version is not { } version) return new(TelemetryRejectionReason.UnsupportedVersion, "Field 'v' (schema version) is missing.");
        if (version != SchemaVersion) return new(TelemetryRejectionReason.UnsupportedVersion, $"Schema version {version} is not supported; this build reads v{SchemaVersion}.");
        if (fields.Unknown is { Count: > 0 } unknown)
            return new(TelemetryRejectionReason.UnknownField, $"Unknown field(s): {string.Join(", ", unknown.Select(k => $"'{k}'"))}.");
        if (fields.Device is null) return new(TelemetryRejectionReason.MissingField, "Field 'device' is missing.");
        if (fields.Facility is null) return new(TelemetryRejectionReason.MissingField, $"Device '{fields.Device}': field 'facility' is missing.");
        if (fields.TimestampMs is not { } ts) return new(TelemetryRejectionReason.MissingField, $"Device '{fields.Device}': field 'ts' is missing.");
        if (ts < MinTimestampMs || ts > MaxTimestampMs)
            return new(TelemetryRejectionReason.MalformedJson, $"Device '{fields.Device}': 'ts' = {ts} is not a Unix time in milliseconds between years 0001 and 9999.");
        if (fields.Sequence is not { } seq) return new(TelemetryRejectionReason.MissingField, $"Device '{fields.Device}': field 'seq' is missing.");
        if (fields.Values is not { } values) return new(TelemetryRejectionReason.MissingField, $"Device '{fields.Device}' seq {seq}: field 'values' is missing.");
        if (values.Keys > limits.MaxValues)
            return new(TelemetryRejectionReason.TooManyValues, $"Device '{fields.Device}' seq {seq}: {values.Keys} values, the limit is {limits.MaxValues}.");
        record = new TelemetryRecord(fields.Device, fields.Facility, DateTimeOffset.FromUnixTimeMilliseconds(ts), seq, values.Names, values.Values);
        return null;
    }

    // One pass of Utf8JsonReader over the raw bytes: no serializer metadata, no DTO, strings only for the ids and new sensor names.
    // A field given twice keeps its last value (as System.Text.Json's serializer did); absent fields stay null and are reported
    // by Parse; bad JSON and wrongly typed fields throw JsonException, which Parse turns into a MalformedJson rejection.
    private static TelemetryFields ReadFields(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
        var fields = new TelemetryFields();
        if (!reader.Read()) throw new JsonException("The payload holds no JSON value.");
        if (reader.TokenType == JsonTokenType.Null)
        {
            fields.IsNull = true;
            ExpectEnd(ref reader);
            return fields;
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"The payload is a JSON {reader.TokenType}, not an object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("v"u8)) fields.Version = ReadInt32(ref reader, "v");
            else if (reader.ValueTextEquals("device"u8)) fields.Device = ReadString(ref reader, "device");
            else if (reader.ValueTextEquals("facility"u8)) fields.Facility = ReadString(ref reader, "facility");
            else if (reader.ValueTextEquals("ts"u8)) fields.TimestampMs = ReadInt64(ref reader, "ts");
            else if (reader.ValueTextEquals("seq"u8)) fields.Sequence = ReadInt64(ref reader, "seq");
            else if (reader.ValueTextEquals("values"u8))
            {
                reader.Read();
                fields.Values = reader.TokenType == JsonTokenType.Null ? null : SensorValuesReader.Read(ref reader);
            }
            else
            {
                (fields.Unknown ??= []).Add(reader.GetString()!);
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("The message is not a well-formed JSON object.");
        ExpectEnd(ref reader);
        return fields;
    }

    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException($"Unexpected {reader.TokenType} after the end of the message.");
    }

    private static int? ReadInt32(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value)) return value;
        throw new JsonException($"Field '{field}' must be a 32-bit integer.");
    }

    private static long? ReadInt64(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)) return value;
        throw new JsonException($"Field '{field}' must be a 64-bit integer.");
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        throw new JsonException($"Field '{field}' must be a string.");
    }

    /// <summary>The top-level fields of a v1 message as read, before the checks.</summary>
    private ref struct TelemetryFields
    {
        public bool IsNull;
        public int? Version;
        public string? Device;
        public string? Facility;
        public long? TimestampMs;
        public long? Sequence;
        public SensorValues? Values;
        public List<string>? Unknown;
    }
}
