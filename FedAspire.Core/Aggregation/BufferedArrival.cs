using FedAspire.Core.Federation;

namespace FedAspire.Core.Aggregation;

/// <summary>The verdict on one arrival at a <see cref="BufferedAsyncAggregator"/>: taken into the buffer, or rejected with a reason.</summary>
/// <param name="Accepted">Whether the delta entered the buffer.</param>
/// <param name="Reason">Why not (null when accepted).</param>
/// <param name="Message">The rejection in words, naming the client ("" when accepted).</param>
/// <param name="Staleness">tau = server version - base version (as computed, also for a rejection).</param>
/// <param name="Weight">s(tau) applied to the delta (0 when rejected).</param>
/// <param name="BufferFull">True when the buffer now holds K updates: the caller steps.</param>
[GenerateSerializer, Immutable]
public sealed record BufferedArrival(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] RejectionReason? Reason,
    [property: Id(2)] string Message,
    [property: Id(3)] long Staleness,
    [property: Id(4)] double Weight,
    [property: Id(5)] bool BufferFull);
