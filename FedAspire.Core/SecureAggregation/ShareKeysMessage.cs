namespace FedAspire.Core.SecureAggregation;

/// <summary>Step 2, participant to server: its encrypted shares for each neighbour and a commitment to its self-mask seed.</summary>
/// <param name="SelfMaskCommitment">SHA-256 of the self-mask seed (bound to the round and participant), checked when the server rebuilds it.</param>
[GenerateSerializer, Immutable]
public sealed record ShareKeysMessage(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string RoundId,
    [property: Id(2)] byte[] SelfMaskCommitment,
    [property: Id(3)] EncryptedShare[] Shares);
