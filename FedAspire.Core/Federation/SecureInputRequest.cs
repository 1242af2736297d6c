using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation;

/// <summary>Step 3 of a secure round, aggregator to participant: who shared keys, the shares addressed to it, and the weight to mask its update with.</summary>
/// <param name="Request">The protocol's request: sharers and the encrypted shares for this participant.</param>
/// <param name="Weight">What the aggregator credits the participant's declared count with (claim caps, at most MaxWeight); an honest participant masks with it.</param>
[GenerateSerializer, Immutable]
public sealed record SecureInputRequest(
    [property: Id(0)] MaskedInputRequest Request,
    [property: Id(1)] long Weight);
