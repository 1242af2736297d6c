namespace FedAspire.Core.Telemetry;

/// <summary>One reading of a device: who, where, when, which message of its stream, and the sensors it observed.</summary>
/// <remarks>
/// Sensors travel as parallel arrays (<see cref="Features"/>[i] has value <see cref="Values"/>[i]): one allocation each,
/// no dictionary per record, and a device that lacks a sensor simply leaves it out (a missing value is an absent name).
/// The Kafka key of a record is <see cref="DeviceId"/>, so one device's records stay ordered within a partition.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record TelemetryRecord(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string FacilityId,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] long Sequence,
    [property: Id(4)] string[] Features,
    [property: Id(5)] float[] Values)
{
    /// <summary>The timestamp as Unix milliseconds (the wire form).</summary>
    public long TimestampMs => Timestamp.ToUnixTimeMilliseconds();

    /// <summary>Number of observed sensors.</summary>
    public int Count => Features.Length;

    /// <summary>Builds a record from a timestamp and name/value pairs (convenient for simulators and tests).</summary>
    public static TelemetryRecord Create(string deviceId, string facilityId, DateTimeOffset timestamp, long sequence, IReadOnlyList<KeyValuePair<string, float>> values)
    {
        var features = new string[values.Count];
        var readings = new float[values.Count];
        for (int i = 0; i < values.Count; i++) (features[i], readings[i]) = (values[i].Key, values[i].Value);
        return new TelemetryRecord(deviceId, facilityId, timestamp, sequence, features, readings);
    }

    /// <summary>The value of <paramref name="sensor"/>, or null when the record does not carry it.</summary>
    public float? ValueOf(string sensor)
    {
        int i = Array.IndexOf(Features, sensor);
        return i < 0 ? null : Values[i];
    }
}
