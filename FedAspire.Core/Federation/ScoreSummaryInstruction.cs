using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>
/// Asks a participant to calibrate a candidate global model: score its calibration windows (normal data no model trained on) and
/// return a mergeable histogram of those scores plus its own conformal threshold, from which the aggregator derives the federation's
/// thresholds without seeing a single score.
/// </summary>
/// <param name="Federation">Federation name.</param>
/// <param name="RoundId">Round of the candidate version.</param>
/// <param name="Spec">Model spec.</param>
/// <param name="Parameters">Candidate global parameters.</param>
/// <param name="Normalization">Federation-wide normalization.</param>
/// <param name="Histogram">An empty histogram carrying the federation's shared bins; participants fill new histograms with the same bins.</param>
/// <param name="WindowStride">Step between windows.</param>
/// <param name="Detection">Normalization mode, false-alarm target and calibration share.</param>
[GenerateSerializer, Immutable]
public sealed record ScoreSummaryInstruction(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] ModelSpec Spec,
    [property: Id(3)] float[] Parameters,
    [property: Id(4)] FeatureNormalization Normalization,
    [property: Id(5)] ScoreHistogram Histogram,
    [property: Id(6)] int WindowStride,
    [property: Id(7)] DetectionSettings? Detection = null);
