using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// One published global model: spec, parameters, normalization, thresholds and calibration (all a scorer needs), its ONNX export,
/// and how it was made (round, strategy, participants, samples, loss, federated evaluation). The registry stamps
/// <see cref="Epoch"/> (its federation's lifetime id) and <see cref="Fingerprint"/> (<see cref="VersionFingerprint"/>) when saving;
/// <see cref="Record"/> is the round that made the version and <see cref="Evaluations"/> the participants' bounded evaluations of
/// it, written with it so a crash before the history and series appends loses nothing.
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
    ModelCalibration? Calibration = null,
    string? Epoch = null,
    string? Fingerprint = null,
    RoundRecord? Record = null,
    IReadOnlyList<ParticipantEvaluation>? Evaluations = null);
