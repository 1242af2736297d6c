using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FedAspire.ServiceDefaults.Diagnostics;

/// <summary>FedAspire's own ActivitySource and Meter (name "FedAspire", exported by the service defaults) and its instruments.</summary>
public static class FedAspireDiagnostics
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "FedAspire";

    /// <summary>Spans for FedAspire's own work (scoring batches, model swaps, Kafka batches).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The meter behind every instrument below.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Telemetry records accepted by a consumer (tag <c>consumer</c>).</summary>
    public static readonly Counter<long> RecordsIngested = Meter.CreateCounter<long>("fedaspire.telemetry.records", "{record}", "Telemetry records accepted");

    /// <summary>Telemetry records refused and dead-lettered (tags <c>consumer</c>, <c>reason</c>).</summary>
    public static readonly Counter<long> RecordsRejected = Meter.CreateCounter<long>("fedaspire.telemetry.rejected", "{record}", "Telemetry records refused");

    /// <summary>Records scored by a global model (tag <c>federation</c>).</summary>
    public static readonly Counter<long> RecordsScored = Meter.CreateCounter<long>("fedaspire.scoring.records", "{record}", "Records scored");

    /// <summary>Scores above the model's threshold (tag <c>federation</c>).</summary>
    public static readonly Counter<long> Anomalies = Meter.CreateCounter<long>("fedaspire.anomalies", "{anomaly}", "Anomalies detected");

    /// <summary>The global model version in use (tags <c>federation</c>, <c>service</c>).</summary>
    public static readonly Gauge<long> ModelVersion = Meter.CreateGauge<long>("fedaspire.model.version", "{version}", "Global model version in use");
}
