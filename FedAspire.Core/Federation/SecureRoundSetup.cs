using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation;

/// <summary>What a participant needs to take part in a round's secure aggregation besides its training instruction.</summary>
/// <param name="ProtocolRoundId">The id every key, mask and share of the round is bound to (federation and round).</param>
/// <param name="Options">Threshold, neighbourhood, clip range and largest weight, the same for every participant of the round.</param>
[GenerateSerializer, Immutable]
public sealed record SecureRoundSetup(
    [property: Id(0)] string ProtocolRoundId,
    [property: Id(1)] SecureAggregationOptions Options);
