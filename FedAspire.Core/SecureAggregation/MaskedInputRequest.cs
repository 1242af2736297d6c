namespace FedAspire.Core.SecureAggregation;

/// <summary>Server to one participant after step 2: who shared keys (and so takes part in masking) and the shares addressed to it.</summary>
[GenerateSerializer, Immutable]
public sealed record MaskedInputRequest(
    [property: Id(0)] string RoundId,
    [property: Id(1)] string[] Sharers,
    [property: Id(2)] EncryptedShare[] SharesForRecipient);
