using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>Asks a participant to score its held-out data with a published global model through ONNX Runtime.</summary>
/// <param name="Federation">Federation name.</param>
/// <param name="RoundId">Round that produced the version.</param>
/// <param name="Version">Global model version.</param>
/// <param name="Spec">The version's model spec (feature order and window the participant builds its windows with).</param>
/// <param name="OnnxModel">The version's ONNX export (inputs <c>input</c>, <c>mask</c>; outputs <c>reconstruction</c>, <c>score</c>).</param>
/// <param name="Threshold">The federation's (global) anomaly threshold on the score.</param>
/// <param name="WindowStride">Step between held-out windows.</param>
/// <param name="Detection">Normalization mode (local: the participant feeds its own statistics to the export) and calibration share.</param>
/// <param name="ParticipantThresholds">Calibrated thresholds per participant; one absent from it uses <paramref name="Threshold"/>.</param>
[GenerateSerializer, Immutable]
public sealed record EvaluationInstruction(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] long Version,
    [property: Id(3)] ModelSpec Spec,
    [property: Id(4)] byte[] OnnxModel,
    [property: Id(5)] float Threshold,
    [property: Id(6)] int WindowStride,
    [property: Id(7)] DetectionSettings? Detection = null,
    [property: Id(8)] IReadOnlyDictionary<string, float>? ParticipantThresholds = null)
{
    /// <summary>The threshold <paramref name="participantId"/> raises alarms at: its own calibrated one, else the federation's.</summary>
    public float ThresholdFor(string participantId) =>
        ParticipantThresholds is not null && ParticipantThresholds.TryGetValue(participantId, out var t) && float.IsFinite(t) ? t : Threshold;
}
