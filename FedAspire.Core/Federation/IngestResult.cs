namespace FedAspire.Core.Federation;

/// <summary>What a device grain did with a telemetry batch.</summary>
/// <param name="Accepted">Readings added to the buffer.</param>
/// <param name="Duplicates">Readings whose sequence number was already seen.</param>
/// <param name="Rejected">Readings rejected: wrong value count or an infinite value.</param>
/// <param name="UnknownFeatures">Feature names in the batch the device's federation does not know (their values are ignored).</param>
/// <param name="Buffered">Readings in the buffer after the batch (bounded; the oldest are evicted).</param>
[GenerateSerializer, Immutable]
public sealed record IngestResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] int Rejected,
    [property: Id(3)] int UnknownFeatures,
    [property: Id(4)] int Buffered);
