namespace FedAspire.Core.Federation;

/// <summary>A participant whose call threw during a round.</summary>
[GenerateSerializer, Immutable]
public sealed record ParticipantFailure(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string Error);
