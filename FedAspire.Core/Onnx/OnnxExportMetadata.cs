namespace FedAspire.Core.Onnx;

/// <summary>What an exported model says about where it came from; written into the ONNX metadata_props.</summary>
/// <param name="Federation">The federation the global model belongs to.</param>
/// <param name="Version">The global model version (also the ONNX model_version).</param>
/// <param name="Round">The federated round that produced this version.</param>
/// <param name="Threshold">Anomaly threshold on the graph's <c>score</c> output: a sample scoring above it is anomalous.</param>
/// <param name="Calibration">
/// The version's calibration: written as the normalization mode, the false-alarm target and each participant's threshold, so a
/// scorer can alarm at a device's or facility's own threshold and knows whether to standardize with per-device statistics.
/// </param>
/// <param name="Extra">Further key/values (e.g. strategy, metrics); keys must not collide with <see cref="OnnxMetadataKeys"/>.</param>
public sealed record OnnxExportMetadata(
    string Federation,
    long Version,
    int Round,
    float Threshold,
    IReadOnlyDictionary<string, string>? Extra = null,
    FedAspire.Core.Federation.ModelCalibration? Calibration = null);
