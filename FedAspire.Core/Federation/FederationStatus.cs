namespace FedAspire.Core.Federation;

/// <summary>A snapshot of an aggregator: configuration, progress and counters since it was configured, and the participants an operator paused.</summary>
[GenerateSerializer, Immutable]
public sealed record FederationStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Configured,
    [property: Id(2)] bool Running,
    [property: Id(3)] bool RoundInProgress,
    [property: Id(4)] long Round,
    [property: Id(5)] long Version,
    [property: Id(6)] float Threshold,
    [property: Id(7)] long RoundsCompleted,
    [property: Id(8)] long RoundsFailed,
    [property: Id(9)] long UpdatesAccepted,
    [property: Id(10)] long UpdatesRejected,
    [property: Id(11)] long ParticipantFailures,
    [property: Id(12)] string Strategy,
    [property: Id(13)] int Participants,
    [property: Id(14)] RoundRecord? LastRound,
    [property: Id(15)] long PersistenceFailures = 0,
    [property: Id(16)] RoundSchedule? Schedule = null,
    [property: Id(17)] IReadOnlyList<string>? Paused = null);
