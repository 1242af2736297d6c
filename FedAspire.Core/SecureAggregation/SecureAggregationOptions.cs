namespace FedAspire.Core.SecureAggregation;

/// <summary>The parameters every participant and the server of one secure-aggregation round agree on.</summary>
/// <param name="Threshold">
/// Shares needed to rebuild a participant's secrets: at least this many of its neighbourhood (itself and its neighbours; all n
/// participants when <paramref name="Neighbours"/> is null) must answer the unmasking step. More than half the neighbourhood, so
/// the server can never hold enough shares of both secrets of one participant.
/// </param>
/// <param name="ClipRange">Each parameter is clipped to [-ClipRange, ClipRange] before quantization.</param>
/// <param name="MaxWeight">The largest weight (sample count) one participant may send; n · MaxWeight must stay below 2^32.</param>
/// <param name="Neighbours">
/// SecAgg+ (Bell et al. 2020): each participant masks with and shares its secrets among this many neighbours on a random ring
/// fixed by the round id, instead of with all others; null is the complete graph of SecAgg (Bonawitz et al. 2017).
/// </param>
[GenerateSerializer, Immutable]
public sealed record SecureAggregationOptions(
    [property: Id(0)] int Threshold,
    [property: Id(1)] float ClipRange = 8f,
    [property: Id(2)] long MaxWeight = 100_000,
    // Id(4) was the key-agreement curve (P-256 or X25519; now always X25519): left unused so no later field is read from an older peer's curve.
    [property: Id(3)] int? Neighbours = null)
{
    /// <summary>The neighbourhood size (the participant itself included) among <paramref name="participants"/>.</summary>
    public int NeighbourhoodSize(int participants) => Neighbours is int k ? Math.Min(k, participants - 1) + 1 : participants;

    /// <summary>Throws when these options cannot protect or cannot sum a round of <paramref name="participants"/>.</summary>
    public void Validate(int participants)
    {
        if (participants < 3) throw new SecureAggregationException($"Secure aggregation needs at least 3 participants; {participants} advertised keys.");
        if (!(ClipRange > 0f) || !float.IsFinite(ClipRange)) throw new SecureAggregationException($"The clip range must be positive and finite, got {ClipRange}.");
        if (MaxWeight < 1) throw new SecureAggregationException($"The largest weight must be at least 1, got {MaxWeight}.");
        if (Neighbours is int k && (k < 2 || k % 2 != 0)) throw new SecureAggregationException($"Neighbours must be an even number of at least 2 (half on each side of the ring), got {k}.");
        if ((ulong)participants * (ulong)MaxWeight >= 1UL << 32)
        {
            throw new SecureAggregationException($"{participants} participants of weight up to {MaxWeight} can overflow the 32-bit weight sum; lower MaxWeight below {(1UL << 32) / (ulong)participants}.");
        }

        int size = NeighbourhoodSize(participants);
        if (Threshold <= size / 2 || Threshold > size)
        {
            throw new SecureAggregationException($"Threshold {Threshold} must be more than half of and at most the neighbourhood of {size} participants (between {size / 2 + 1} and {size}).");
        }
    }
}
