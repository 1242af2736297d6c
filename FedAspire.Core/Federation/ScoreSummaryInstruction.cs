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
/// <param name="Histogram">An empty histogram carrying the federation's shared bins; participants fill new histograms with the same bins.</param>
/// <param name="WindowStride">Step between windows.</param>
[GenerateSerializer, Immutable]
public sealed record ScoreSummaryInstruction(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] ModelSpec Spec,
    [property: Id(3)] float[] Parameters,
    [property: Id(4)] FeatureNormalization Normalization,
    [property: Id(5)] ScoreHistogram Histogram,
    [property: Id(6)] int WindowStride);
