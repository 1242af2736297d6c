using FedAspire.Analytics.Model;

namespace FedAspire.Analytics.Infrastructure;

/// <summary>Where predictions and alerts are kept (MongoDB, or an embedded store on disk), subject to a retention period.</summary>
public interface IPredictionStore
{
    /// <summary>The backend, for start-up logs.</summary>
    string Description { get; }

    /// <summary>Stores a batch of predictions; anomalous ones are also kept as alerts.</summary>
    Task AddAsync(IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken);

    /// <summary>A device's most recent predictions, newest first, optionally only those after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<Prediction>> GetDeviceScoresAsync(string deviceId, DateTimeOffset? since, int limit, CancellationToken cancellationToken);

    /// <summary>The most recent anomalies across devices, newest first, optionally only those after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<Prediction>> GetAnomaliesAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken);
}
