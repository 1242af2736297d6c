namespace FedAspire.Core.SecureAggregation;

/// <summary>Step 1, participant to server: the two raw 32-byte X25519 public keys, one to encrypt shares between participants, one to agree masks.</summary>
[GenerateSerializer, Immutable]
public sealed record AdvertiseKeysMessage(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string RoundId,
    [property: Id(2)] byte[] CipherPublicKey,
    [property: Id(3)] byte[] MaskPublicKey);
