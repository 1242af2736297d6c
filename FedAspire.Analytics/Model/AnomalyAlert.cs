namespace FedAspire.Analytics.Model;

/// <summary>The message published to the <c>anomalies</c> topic (key = device id) when a prediction crosses its threshold.</summary>
/// <param name="Prediction">The anomalous prediction.</param>
/// <param name="DetectedAt">When analytics scored it.</param>
public sealed record AnomalyAlert(Prediction Prediction, DateTimeOffset DetectedAt);
