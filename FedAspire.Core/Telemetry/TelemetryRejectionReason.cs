using System.Text.Json.Serialization;

namespace FedAspire.Core.Telemetry;

/// <summary>Why a telemetry message was refused; travels as the <c>reason</c> header of a dead-letter message and as a metric tag.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TelemetryRejectionReason>))]
public enum TelemetryRejectionReason
{
    /// <summary>Not JSON, or a field has the wrong JSON type.</summary>
    MalformedJson = 0,
    /// <summary>The <c>v</c> field is absent or names a schema version this build does not read.</summary>
    UnsupportedVersion = 1,
    /// <summary>A required field (device, facility, ts, seq, values) is absent or empty.</summary>
    MissingField = 2,
    /// <summary>A top-level field the schema does not define.</summary>
    UnknownField = 3,
    /// <summary>A sensor value is NaN, infinite or outside the float range.</summary>
    NonFiniteValue = 4,
    /// <summary>A sensor name is not among the known features.</summary>
    UnknownSensor = 5,
    /// <summary>More sensor values than the limit.</summary>
    TooManyValues = 6,
    /// <summary>The payload exceeds the byte limit.</summary>
    Oversized = 7,
    /// <summary>The same sensor appears twice, or a name is empty.</summary>
    InvalidSensorName = 8,
    /// <summary>The sequence number is negative (a device counts its readings from 0).</summary>
    InvalidSequence = 9,
}
