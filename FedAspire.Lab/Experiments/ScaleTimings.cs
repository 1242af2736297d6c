namespace FedAspire.Lab.Experiments;

/// <summary>Measured times and memory of a scale run (machine- and load-dependent, kept apart from the deterministic metrics).</summary>
/// <param name="IngestCpuSeconds">Process CPU time spent during ingest (all threads; less sensitive to other processes than wall time).</param>
/// <param name="RoundCpuSeconds">Process CPU time spent during the round.</param>
/// <param name="RoundPhaseSeconds">Wall seconds per aggregator span of the round (<c>federation.round</c> is the whole round; the others are its steps).</param>
/// <param name="RoundPhaseCpuSeconds">Process CPU seconds per aggregator span of the round.</param>
public sealed record ScaleTimings(double IngestSeconds, double RoundSeconds, double DevicesPerSecond, double HeapBytesPerDevice,
    long HeapBeforeBytes, long HeapAfterIngestBytes, long WorkingSetBytes, int ProcessorCount,
    double IngestCpuSeconds, double RoundCpuSeconds, IReadOnlyDictionary<string, double> RoundPhaseSeconds,
    IReadOnlyDictionary<string, double> RoundPhaseCpuSeconds);
