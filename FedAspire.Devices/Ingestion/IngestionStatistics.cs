namespace FedAspire.Devices.Ingestion;

/// <summary>Thread-safe totals of what device grains did with ingested readings (summed <see cref="Core.Federation.IngestResult"/>s).</summary>
public sealed class IngestionStatistics
{
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _unknownFeatures;
    private long _grainCalls;
    private long _failedBatches;

    /// <summary>Readings the grains stored.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Readings the grains had already seen (redeliveries).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Readings the grains refused (wrong value count, infinite value).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Feature names the grains did not know, summed over batches.</summary>
    public long UnknownFeatures => Interlocked.Read(ref _unknownFeatures);

    /// <summary>Successful <c>IngestAsync</c> calls.</summary>
    public long GrainCalls => Interlocked.Read(ref _grainCalls);

    /// <summary>Source batches whose grain calls failed and were delivered again.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    internal void Add(Core.Federation.IngestResult result)
    {
        Interlocked.Add(ref _accepted, result.Accepted);
        Interlocked.Add(ref _duplicates, result.Duplicates);
        Interlocked.Add(ref _rejected, result.Rejected);
        Interlocked.Add(ref _unknownFeatures, result.UnknownFeatures);
        Interlocked.Increment(ref _grainCalls);
    }

    internal void CountFailedBatch() => Interlocked.Increment(ref _failedBatches);
}
