using FedAspire.Analytics.Model;

namespace FedAspire.Analytics.Alerts;

/// <summary>Announces anomalies to the outside (the Kafka <c>anomalies</c> topic, or an in-process feed in embedded mode).</summary>
public interface IAlertPublisher
{
    /// <summary>The backend, for start-up logs.</summary>
    string Description { get; }

    /// <summary>Publishes a batch of alerts.</summary>
    Task PublishAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken);
}
