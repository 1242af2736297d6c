namespace FedAspire.Core.SecureAggregation;

/// <summary>One Shamir share, in the clear, of a secret of <see cref="Owner"/>, revealed by the participant that held it.</summary>
[GenerateSerializer, Immutable]
public sealed record RevealedShare(
    [property: Id(0)] string Owner,
    [property: Id(1)] byte[] Share);
