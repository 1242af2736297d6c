namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// Server to the contributors after step 3: whose input is in the sum (their self masks must go) and who shared keys but sent
/// no input (their pairwise masks must go). The two lists are disjoint, so no participant's two secrets are ever both revealed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UnmaskingRequest(
    [property: Id(0)] string RoundId,
    [property: Id(1)] string[] Contributors,
    [property: Id(2)] string[] Dropped);
