namespace FedAspire.Core.Federation;

/// <summary>
/// An accepted update as recorded in the round history: who, the samples credited (its aggregation weight after the claim limits),
/// losses, response time and the samples it claimed (0 in records written before claims were bounded).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ParticipantContribution(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Samples,
    [property: Id(2)] float InitialLoss,
    [property: Id(3)] float FinalLoss,
    [property: Id(4)] TimeSpan ResponseTime,
    [property: Id(5)] long ClaimedSamples = 0);
