namespace FedAspire.Devices.Experiments;

/// <summary>Measured times and memory of a scale run (machine- and load-dependent, kept apart from the deterministic metrics).</summary>
public sealed record ScaleTimings(double IngestSeconds, double RoundSeconds, double DevicesPerSecond, double HeapBytesPerDevice,
    long HeapBeforeBytes, long HeapAfterIngestBytes, long WorkingSetBytes, int ProcessorCount);
