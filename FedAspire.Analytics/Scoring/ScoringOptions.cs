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
}
