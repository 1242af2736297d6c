namespace FedAspire.Core.Federation;

/// <summary>An accepted update as recorded in the round history: who, how many samples, losses and response time.</summary>
[GenerateSerializer, Immutable]
public sealed record ParticipantContribution(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Samples,
    [property: Id(2)] float InitialLoss,
    [property: Id(3)] float FinalLoss,
    [property: Id(4)] TimeSpan ResponseTime);
