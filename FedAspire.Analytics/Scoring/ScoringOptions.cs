namespace FedAspire.Analytics.Scoring;

/// <summary>Streaming scorer settings (<c>FedAspire:Analytics:Scoring</c>).</summary>
public sealed class ScoringOptions
{
    /// <summary>The Kafka consumer group (or in-process bus group) of analytics.</summary>
    public string ConsumerGroup { get; set; } = "analytics";

    /// <summary>Samples per ONNX Runtime run.</summary>
    public int BatchSize { get; set; } = 1024;

    /// <summary>How long a partial batch waits for more records, in milliseconds.</summary>
    public int MaxBatchDelayMilliseconds { get; set; } = 50;

    /// <summary>
    /// Under local normalization, readings a device sends before its first prediction: its own mean and std are measured on them
    /// (the federation's statistics never leave the participants, so the scorer measures each device itself).
    /// </summary>
    public int WarmupReadings { get; set; } = 64;

    /// <summary>Under local normalization, readings over which a device's means follow slow drift (at least 16).</summary>
    public int DriftHorizonReadings { get; set; } = 4096;
}
