using FedAspire.Core.Aggregation;

namespace FedAspire.Core.Federation;

/// <summary>The aggregator's answer to one reported update under buffered asynchronous aggregation.</summary>
/// <param name="Accepted">Whether the update entered the buffer.</param>
/// <param name="Rejection">Why not, when it did not.</param>
/// <param name="Staleness">tau: server versions published since the update's base version.</param>
/// <param name="Weight">s(tau) the update was weighted with (0 when rejected).</param>
/// <param name="Buffered">Updates waiting in the buffer after this one.</param>
/// <param name="Step">The record of the step this arrival completed (the K-th accepted update), else null.</param>
[GenerateSerializer, Immutable]
public sealed record BufferedReport(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] UpdateRejection? Rejection,
    [property: Id(2)] long Staleness,
    [property: Id(3)] double Weight,
    [property: Id(4)] int Buffered,
    [property: Id(5)] RoundRecord? Step);
