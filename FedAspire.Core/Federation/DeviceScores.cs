namespace FedAspire.Core.Federation;

/// <summary>Edge inference on a device: anomaly scores of its most recent windows under a global model version.</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="Version">Global model version used.</param>
/// <param name="Threshold">Threshold applied.</param>
/// <param name="Scores">Scores of the most recent windows, oldest first.</param>
/// <param name="Anomalies">How many of <paramref name="Scores"/> exceed the threshold.</param>
[GenerateSerializer, Immutable]
public sealed record DeviceScores(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long Version,
    [property: Id(2)] float Threshold,
    [property: Id(3)] float[] Scores,
    [property: Id(4)] int Anomalies);
