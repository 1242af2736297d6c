namespace FedAspire.Aggregator.Dashboard;

/// <summary>A device's most recent predictions, oldest first: the data of one sparkline.</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="Scores">Its predictions (normal and anomalous), oldest first.</param>
public sealed record DeviceScoreSeries(string DeviceId, IReadOnlyList<DashboardPrediction> Scores);
