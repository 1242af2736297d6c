namespace FedAspire.Core.Telemetry;

/// <summary>Batching and retry behaviour shared by telemetry sources.</summary>
/// <param name="MaxBatchSize">Largest batch handed to the handler.</param>
/// <param name="MaxBatchDelay">How long a partial batch may wait for more records before it is handed over.</param>
/// <param name="RetryDelay">Pause before a failed batch is delivered again.</param>
/// <param name="DecodeParallelism">Threads a broker source decodes one batch on (0: one per core).</param>
public sealed record TelemetrySourceOptions(int MaxBatchSize = 1024, TimeSpan MaxBatchDelay = default, TimeSpan RetryDelay = default, int DecodeParallelism = 0)
{
    /// <summary>The decode parallelism actually used (the core count when unset).</summary>
    public int EffectiveDecodeParallelism => DecodeParallelism > 0 ? DecodeParallelism : Environment.ProcessorCount;

    /// <summary>The batch delay actually used (50 ms when unset).</summary>
    public TimeSpan EffectiveBatchDelay => MaxBatchDelay > TimeSpan.Zero ? MaxBatchDelay : TimeSpan.FromMilliseconds(50);

    /// <summary>The retry delay actually used (1 s when unset).</summary>
    public TimeSpan EffectiveRetryDelay => RetryDelay > TimeSpan.Zero ? RetryDelay : TimeSpan.FromSeconds(1);
}
