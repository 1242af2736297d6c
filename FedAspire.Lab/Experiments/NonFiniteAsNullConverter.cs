using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Writes an undefined (NaN or infinite) double as JSON <c>null</c> and reads <c>null</c> back as NaN: JSON has no NaN, and a
/// string "NaN" in a number field breaks most readers, while null is what they expect for a missing value.
/// </summary>
public sealed class NonFiniteDoubleAsNullConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

/// <summary>The float counterpart of <see cref="NonFiniteDoubleAsNullConverter"/> (thresholds are floats).</summary>
public sealed class NonFiniteSingleAsNullConverter : JsonConverter<float>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
