namespace FedAspire.Devices.Ingestion;

/// <summary>Telemetry ingestion into device grains (section <c>FedAspire:Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Ingestion";

    /// <summary>Whether the silo consumes telemetry at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Kafka consumer group shared by every silo replica (each record reaches one silo).</summary>
    public string ConsumerGroup { get; set; } = "devices";

    /// <summary>Largest batch read from the source before it is split per device.</summary>
    public int MaxBatchSize { get; set; } = 8192;

    /// <summary>How long a partial batch waits for more records.</summary>
    public int MaxBatchDelayMilliseconds { get; set; } = 20;

    /// <summary>Pause before a batch whose grain calls failed is delivered again.</summary>
    public int RetryDelayMilliseconds { get; set; } = 500;

    /// <summary>Threads the Kafka consumer decodes a batch on (0: one per core).</summary>
    public int DecodeParallelism { get; set; }
}
