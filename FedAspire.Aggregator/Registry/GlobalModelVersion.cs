using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// One published global model: spec, parameters, normalization, thresholds and calibration (all a scorer needs), its ONNX export,
/// and how it was made (round, strategy, participants, samples, loss, federated evaluation).
/// </summary>
public sealed record GlobalModelVersion(
    string Federation,
    long Version,
    long Round,
    DateTimeOffset CreatedAt,
    ModelSpec Spec,
    float[] Parameters,
    FeatureNormalization Normalization,
    float Threshold,
    string Strategy,
    IReadOnlyList<string> Participants,
    long Samples,
    double TrainingLoss,
    FederatedEvaluation? Evaluation,
    byte[] Onnx,
    FederatedEvaluation? CentralEvaluation = null,
    ModelCalibration? Calibration = null);
