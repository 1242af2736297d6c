namespace FedAspire.Analytics.Infrastructure;

/// <summary>Retention and sizes of the prediction store (<c>FedAspire:Analytics:Predictions</c>).</summary>
public sealed class PredictionStoreOptions
{
    /// <summary>How long predictions and alerts are kept (MongoDB TTL index; embedded: memory and day files). Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Embedded store: predictions kept in memory per device.</summary>
    public int PerDeviceCapacity { get; set; } = 512;

    /// <summary>Embedded store: anomalies kept in memory across devices.</summary>
    public int AnomalyCapacity { get; set; } = 10_000;

    /// <summary>Embedded store: directory of the JSON-lines day files; null keeps everything in memory only.</summary>
    public string? Directory { get; set; } = Path.Combine(".fedaspire", "analytics", "predictions");

    /// <summary>MongoDB: the connection string name (the AppHost's database resource).</summary>
    public string MongoConnectionName { get; set; } = "fedaspire";
}
