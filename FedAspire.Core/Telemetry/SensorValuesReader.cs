using System.Text.Json;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Reads the <c>values</c> object straight into parallel name/value arrays: no dictionary and, when a message lists the same
/// observed sensors as the previous one on this thread, no new name array either (it shares that message's, so the validator
/// and the per-device batching recognise it by reference). Names are interned per thread (<see cref="SensorNameTable"/>).
/// </summary>
/// <remarks>
/// A value is a number, null (missing) or the literals "NaN", "Infinity", "-Infinity" (read so that the validator rejects them
/// with the sensor's name); anything else is malformed. A repeated key is kept twice and refused by the validator. The state is
/// per thread, so consumers may decode on several threads at once.
/// </remarks>
internal static class SensorValuesReader
{
    [ThreadStatic] private static string[]? t_lastNames;
    [ThreadStatic] private static SensorNameTable? t_nameTable;
    [ThreadStatic] private static List<string>? t_names;
    [ThreadStatic] private static List<float>? t_values;

    /// <summary>Reads the object the reader is positioned on (its <c>StartObject</c>); throws <see cref="JsonException"/> when malformed.</summary>
    public static SensorValues Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Field 'values' must be an object of sensor name -> number or null.");
        var last = t_lastNames;
        var table = t_nameTable ??= new SensorNameTable();
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
            string name = reader.ValueIsEscaped || reader.HasValueSequence ? reader.GetString()! : table.Intern(reader.ValueSpan);
            if (!reader.Read()) throw new JsonException("The message ends inside 'values'.");
            if (reader.TokenType == JsonTokenType.Null) continue;
            names.Add(name);
            values.Add(ReadNumber(ref reader, name));
            if (sameAsLast) sameAsLast = k < last!.Length && ReferenceEquals(name, last[k]);
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("Field 'values' is not a well-formed object.");
        string[] observed;
        if (sameAsLast && names.Count == last!.Length) observed = last;
        else t_lastNames = observed = [.. names];
        return new SensorValues(observed, [.. values], keys);
    }

    private static float ReadNumber(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (DecimalFloat.TryParseExact(reader.ValueSpan, out float exact)) return exact;
            // TryGetSingle refuses values beyond float's range; they are read as double so the validator names them non-finite.
            if (reader.TryGetSingle(out float single)) return single;
            if (reader.TryGetDouble(out double number)) return (float)number;
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8)) return float.NaN;
            if (reader.ValueTextEquals("Infinity"u8)) return float.PositiveInfinity;
            if (reader.ValueTextEquals("-Infinity"u8)) return float.NegativeInfinity;
        }
        throw new JsonException($"Sensor '{name}' is not a number or null.");
    }
}
