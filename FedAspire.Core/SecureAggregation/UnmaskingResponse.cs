namespace FedAspire.Core.SecureAggregation;

/// <summary>Step 4, participant to server: its shares of the contributors' self-mask seeds and of the dropped participants' mask keys.</summary>
[GenerateSerializer, Immutable]
public sealed record UnmaskingResponse(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string RoundId,
    [property: Id(2)] RevealedShare[] SelfMaskShares,
    [property: Id(3)] RevealedShare[] MaskKeyShares);
