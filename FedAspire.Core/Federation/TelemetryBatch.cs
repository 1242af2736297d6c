namespace FedAspire.Core.Federation;

/// <summary>Readings of one device that share a feature list; the unit a device grain ingests.</summary>
/// <param name="DeviceId">Device id (the device grain key; the Kafka key).</param>
/// <param name="FacilityId">Facility the device belongs to; the device registers there on first telemetry.</param>
/// <param name="Features">Sensor names, in the order of every reading's values.</param>
/// <param name="Readings">The readings, any order; the device keeps them time-ordered.</param>
[GenerateSerializer, Immutable]
public sealed record TelemetryBatch(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string FacilityId,
    [property: Id(2)] IReadOnlyList<string> Features,
    [property: Id(3)] IReadOnlyList<TelemetryReading> Readings);
