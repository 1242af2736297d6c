using System.Buffers;
using System.Text.Json;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// The value of a <c>telemetry-dlq</c> record: <c>{"v":1,"reason":"MalformedJson","message":"...","rejectedAt":1732358400000,"payload":"&lt;base64&gt;"}</c>,
/// the refused bytes kept exactly (base64) beside why they were refused.
/// </summary>
/// <remarks>
/// The reason travels in the value, not only in record headers, because headers are optional on the way: brokers before
/// Kafka 0.11, MirrorMaker-style copies and many connectors drop them. The key stays the original key (device id when known).
/// </remarks>
public static class DeadLetterCodec
{
    /// <summary>The envelope version this build writes and reads.</summary>
    public const int EnvelopeVersion = 1;

    /// <summary>Serializes <paramref name="letter"/>'s reason, message, time and payload (the key travels as the record key).</summary>
    public static byte[] Encode(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var buffer = new ArrayBufferWriter<byte>(96 + letter.Payload.Length * 4 / 3 + letter.Rejection.Message.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, EnvelopeVersion);
            writer.WriteString("reason"u8, letter.Rejection.Reason.ToString());
            writer.WriteString("message"u8, letter.Rejection.Message);
            writer.WriteNumber("rejectedAt"u8, letter.At.ToUnixTimeMilliseconds());
            writer.WriteBase64String("payload"u8, letter.Payload);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an envelope written by <see cref="Encode"/>; throws <see cref="InvalidDataException"/> saying what is wrong otherwise.</summary>
    public static DeadLetter Decode(string? key, ReadOnlySpan<byte> value)
    {
        try
        {
            var reader = new Utf8JsonReader(value);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("dead letter: the value is not a JSON object");
            int version = Required(root, "v").GetInt32();
            if (version != EnvelopeVersion) throw new InvalidDataException($"dead letter: envelope version {version} is not {EnvelopeVersion}");
            var reasonText = Required(root, "reason").GetString();
            if (!Enum.TryParse<TelemetryRejectionReason>(reasonText, ignoreCase: false, out var reason) || !Enum.IsDefined(reason))
                throw new InvalidDataException($"dead letter: unknown reason '{reasonText}'");
            return new DeadLetter(
                key,
                Required(root, "payload").GetBytesFromBase64(),
                new TelemetryRejection(reason, Required(root, "message").GetString() ?? ""),
                DateTimeOffset.FromUnixTimeMilliseconds(Required(root, "rejectedAt").GetInt64()));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"dead letter: {e.Message}", e);
        }
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"dead letter: field '{name}' is missing");
}
