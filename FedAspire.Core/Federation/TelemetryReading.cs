namespace FedAspire.Core.Federation;

/// <summary>One reading of a device: sequence number, time and values aligned with the batch's feature names (NaN = not measured).</summary>
[GenerateSerializer, Immutable]
public sealed record TelemetryReading(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] float[] Values);
