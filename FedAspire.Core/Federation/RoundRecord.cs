using FedAspire.Core.Aggregation;
using FedAspire.Core.Privacy;

namespace FedAspire.Core.Federation;

/// <summary>
/// The history entry of one round: who was asked, who contributed, what was rejected and why, losses, evaluation and timing.
/// Returned by <see cref="IAggregatorGrain.RunRoundAsync"/> and appended to the registry's round history.
/// <see cref="Evaluation"/> is the federated evaluation on participants' held-out data; <see cref="CentralEvaluation"/> the optional
/// server-side one. <see cref="Privacy"/> is the cumulative epsilon after this round when the federation runs with differential privacy;
/// <see cref="SecureAggregation"/> who contributed to and dropped from a secure round, and the mean's quantization bound.
/// <see cref="Buffered"/> is set on a buffered asynchronous step (FedBuff): the version it applied and the staleness of its updates.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoundRecord(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] RoundOutcome Outcome,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] TimeSpan Duration,
    [property: Id(5)] long BaseVersion,
    [property: Id(6)] long Version,
    [property: Id(7)] IReadOnlyList<string> Sampled,
    [property: Id(8)] IReadOnlyList<ParticipantContribution> Contributions,
    [property: Id(9)] IReadOnlyList<UpdateRejection> Rejections,
    [property: Id(10)] IReadOnlyList<ParticipantFailure> Failures,
    [property: Id(11)] long Samples,
    [property: Id(12)] double TrainingLoss,
    [property: Id(13)] float Threshold,
    [property: Id(14)] FederatedEvaluation? Evaluation,
    [property: Id(15)] string? FailureReason,
    [property: Id(16)] FederatedEvaluation? CentralEvaluation = null,
    [property: Id(17)] PrivacyReport? Privacy = null,
    [property: Id(18)] SecureAggregationReport? SecureAggregation = null,
    [property: Id(19)] BufferedStep? Buffered = null);
