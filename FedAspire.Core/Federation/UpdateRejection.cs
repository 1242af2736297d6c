namespace FedAspire.Core.Federation;

/// <summary>One rejected (or missing) update of a round, with the reason and a human-readable detail.</summary>
[GenerateSerializer, Immutable]
public sealed record UpdateRejection(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] RejectionReason Reason,
    [property: Id(2)] string Detail);
