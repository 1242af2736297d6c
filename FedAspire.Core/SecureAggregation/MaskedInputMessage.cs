namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// Step 3, participant to server: its quantized weighted update and weight (<see cref="FixedPointQuantizer"/> layout) plus its
/// self mask and its pairwise masks, modulo 2^32: uniformly random to anyone without the masks.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MaskedInputMessage(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string RoundId,
    [property: Id(2)] uint[] MaskedVector);
