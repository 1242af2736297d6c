using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>Asks a participant to score its held-out data with a published global model through ONNX Runtime.</summary>
/// <param name="Federation">Federation name.</param>
/// <param name="RoundId">Round that produced the version.</param>
/// <param name="Version">Global model version.</param>
/// <param name="Spec">The version's model spec (feature order and window the participant builds its windows with).</param>
/// <param name="OnnxModel">The version's ONNX export (inputs <c>input</c>, <c>mask</c>; outputs <c>reconstruction</c>, <c>score</c>).</param>
/// <param name="Threshold">Anomaly threshold on the score.</param>
/// <param name="WindowStride">Step between held-out windows.</param>
[GenerateSerializer, Immutable]
public sealed record EvaluationInstruction(
    [property: Id(0)] string Federation,
    [property: Id(1)] long RoundId,
    [property: Id(2)] long Version,
    [property: Id(3)] ModelSpec Spec,
    [property: Id(4)] byte[] OnnxModel,
    [property: Id(5)] float Threshold,
    [property: Id(6)] int WindowStride);
