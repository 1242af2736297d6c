using FedAspire.Core.Learning;
using FedAspire.Core.Privacy;

namespace FedAspire.Core.Federation;

/// <summary>What the aggregator sends a participant to train in one round: the global version to start from and the round config.</summary>
/// <param name="Federation">Federation name.</param>
/// <param name="RoundId">The round this instruction belongs to; the update must carry the same id.</param>
/// <param name="GlobalVersion">Version of <paramref name="GlobalParameters"/>.</param>
/// <param name="Spec">Model spec of the global model.</param>
/// <param name="GlobalParameters">Starting point (and FedProx anchor) of local training.</param>
/// <param name="Normalization">Federation-wide normalization the participant applies to its raw data.</param>
/// <param name="Training">Local training options; participants derive their own seed from it with <see cref="StableSeed"/>.</param>
/// <param name="WindowStride">Step between training windows.</param>
/// <param name="Detection">Normalization mode (local: the participant's own statistics replace <paramref name="Normalization"/>) and calibration share.</param>
/// <param name="NormBound">The federation's bound on ||update - global||_2 (0 = none), so a receiver can refuse an update at once.</param>
/// <param name="MaxSampleCount">The federation's largest believed sample count (0 = not stated).</param>
/// <param name="Privacy">In local mode, how the participant clips and noises its update before sending it; null or otherwise: nothing to do.</param>
[GenerateSerializer, Immutable]
public sealed record RoundInstruction(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] long GlobalVersion,
    [property: Id(3)] ModelSpec Spec,
    [property: Id(4)] float[] GlobalParameters,
    [property: Id(5)] FeatureNormalization Normalization,
    [property: Id(6)] TrainingOptions Training,
    [property: Id(7)] int WindowStride,
    [property: Id(8)] DetectionSettings? Detection = null,
    [property: Id(9)] float NormBound = 0,
    [property: Id(10)] long MaxSampleCount = 0,
    [property: Id(11)] PrivacyOptions? Privacy = null);
