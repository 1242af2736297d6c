using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>
/// Asks a participant for a mergeable summary of its training-window scores under a candidate global model,
/// from which the aggregator derives the federated anomaly threshold without seeing a single score.
/// </summary>
/// <param name="Federation">Federation name.</param>
/// <param name="RoundId">Round of the candidate version.</param>
/// <param name="Spec">Model spec.</param>
/// <param name="Parameters">Candidate global parameters.</param>
/// <param name="Normalization">Federation-wide normalization.</param>
/// <param name="Histogram">An empty histogram with the federation's shared bin edges; the participant fills its copy and returns it.</param>
/// <param name="WindowStride">Step between windows.</param>
/// <remarks>Deliberately not [Immutable]: Orleans then copies it per call, so each participant fills its own histogram copy.</remarks>
[GenerateSerializer]
public sealed record ScoreSummaryInstruction(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] ModelSpec Spec,
    [property: Id(3)] float[] Parameters,
    [property: Id(4)] FeatureNormalization Normalization,
    [property: Id(5)] ScoreHistogram Histogram,
    [property: Id(6)] int WindowStride);
