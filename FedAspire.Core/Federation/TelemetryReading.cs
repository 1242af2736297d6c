namespace FedAspire.Core.Federation;

/// <summary>One reading given row by row (tests, experiments): sequence number, time and values aligned with a feature list (NaN = not measured); see <see cref="TelemetryBatch"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TelemetryReading(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] float[] Values);
