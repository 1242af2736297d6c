namespace FedAspire.Aggregator.Dashboard;

/// <summary>What the dashboard's anomaly panel shows: recent anomalies of one federation and score series of the devices that raised them.</summary>
/// <param name="Source">The analytics address read; null when none is configured.</param>
/// <param name="Error">Why nothing could be read (not configured, unreachable, an error status); null when the read worked.</param>
/// <param name="Anomalies">Recent anomalies of the federation, newest first.</param>
/// <param name="Devices">Score series of the devices with the most recent anomalies, most recent first.</param>
public sealed record AnomalyFeed(string? Source, string? Error, IReadOnlyList<DashboardPrediction> Anomalies, IReadOnlyList<DeviceScoreSeries> Devices);
