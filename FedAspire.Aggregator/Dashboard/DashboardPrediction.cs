namespace FedAspire.Aggregator.Dashboard;

/// <summary>
/// One prediction as analytics serves it (<c>GET /anomalies</c>, <c>GET /devices/{id}/scores</c>): the fields the dashboard shows,
/// read by name, so analytics may add fields without breaking the page and nothing else it sends is passed on.
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="FacilityId">Facility of the device.</param>
/// <param name="Timestamp">Time of the reading scored.</param>
/// <param name="Sequence">Sequence number of the reading scored.</param>
/// <param name="Score">Anomaly score.</param>
/// <param name="Threshold">The model's threshold (NaN when it has none).</param>
/// <param name="Anomaly">Score above threshold.</param>
/// <param name="Federation">Federation of the model.</param>
/// <param name="ModelVersion">Global model version that produced the score.</param>
public sealed record DashboardPrediction(
    string DeviceId,
    string FacilityId,
    DateTimeOffset Timestamp,
    long Sequence,
    float Score,
    float Threshold,
    bool Anomaly,
    string Federation,
    long ModelVersion);
