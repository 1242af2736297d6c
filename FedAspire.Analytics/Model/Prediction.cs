namespace FedAspire.Analytics.Model;

/// <summary>One scored record: which device and reading, its anomaly score under which global model, and the verdict.</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="FacilityId">Facility of the device.</param>
/// <param name="Timestamp">Time of the (last) reading scored.</param>
/// <param name="Sequence">Sequence number of the (last) reading scored.</param>
/// <param name="Score">Masked reconstruction error in normalized space.</param>
/// <param name="Threshold">The model's threshold (NaN when it has none).</param>
/// <param name="Anomaly">Score above threshold.</param>
/// <param name="Federation">Federation of the model.</param>
/// <param name="ModelVersion">Global model version that produced the score.</param>
public sealed record Prediction(
    string DeviceId,
    string FacilityId,
    DateTimeOffset Timestamp,
    long Sequence,
    float Score,
    float Threshold,
    bool Anomaly,
    string Federation,
    long ModelVersion);
