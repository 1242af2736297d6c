using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>A participant's federated-evaluation result on its held-out data.</summary>
/// <param name="ParticipantId">Facility id.</param>
/// <param name="RoundId">Round of the evaluated version.</param>
/// <param name="Samples">Held-out windows scored (0 when the participant has no held-out data).</param>
/// <param name="Loss">Mean anomaly score (masked reconstruction MSE) over the held-out windows.</param>
/// <param name="Metrics">Detection metrics at the instruction's threshold; null without labelled held-out data.</param>
[GenerateSerializer, Immutable]
public sealed record ParticipantEvaluation(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long RoundId,
    [property: Id(2)] long Samples,
    [property: Id(3)] double Loss,
    [property: Id(4)] DetectionMetrics? Metrics);
