using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Reads the <c>values</c> object straight into parallel name/value arrays: no dictionary and, when a message lists the same
/// observed sensors as the previous one on this thread, no new name strings either (it shares that message's name array, so the
/// validator and the per-device batching recognise it by reference).
/// </summary>
/// <remarks>
/// A value is a number, null (missing) or the literals "NaN", "Infinity", "-Infinity" (read so that the validator rejects them
/// with the sensor's name); anything else is malformed. A repeated key is kept twice and refused by the validator.
/// </remarks>
internal sealed class SensorValuesConverter : JsonConverter<SensorValues>
{
    [ThreadStatic] private static string[]? t_lastNames;
    [ThreadStatic] private static List<string>? t_names;
    [ThreadStatic] private static List<float>? t_values;

    /// <inheritdoc/>
    public override SensorValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Field 'values' must be an object of sensor name -> number or null.");
        var last = t_lastNames;
        var names = t_names ??= new List<string>(64);
        var values = t_values ??= new List<float>(64);
        names.Clear();
        values.Clear();
        bool sameAsLast = last is not null;
        int keys = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys++;
            int k = names.Count;
            string name = last is not null && k < last.Length && reader.ValueTextEquals(last[k]) ? last[k] : reader.GetString()!;
            if (!reader.Read()) throw new JsonException("The message ends inside 'values'.");
            if (reader.TokenType == JsonTokenType.Null) continue;
            names.Add(name);
            values.Add((float)ReadNumber(ref reader, name));
            if (sameAsLast) sameAsLast = k < last!.Length && ReferenceEquals(name, last[k]);
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("Field 'values' is not a well-formed object.");
        string[] observed;
        if (sameAsLast && names.Count == last!.Length) observed = last;
        else t_lastNames = observed = [.. names];
        return new SensorValues(observed, [.. values], keys);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, SensorValues value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (int i = 0; i < value.Names.Length; i++) writer.WriteNumber(value.Names[i], value.Values[i]);
        writer.WriteEndObject();
    }

    private static double ReadNumber(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double number)) return number;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8)) return double.NaN;
            if (reader.ValueTextEquals("Infinity"u8)) return double.PositiveInfinity;
            if (reader.ValueTextEquals("-Infinity"u8)) return double.NegativeInfinity;
        }
        throw new JsonException($"Sensor '{name}' is not a number or null.");
    }
}
