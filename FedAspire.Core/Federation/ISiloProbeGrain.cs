namespace FedAspire.Core.Federation;

/// <summary>
/// A measuring point inside one silo process, for scale runs: key = the silo's parsable address; the caller places it on that
/// silo with Orleans' placement hint, and the sample names the silo it actually ran on.
/// </summary>
public interface ISiloProbeGrain : IGrainWithStringKey
{
    /// <summary>
    /// This process's heap, working set, CPU, Orleans message counts and the aggregator round spans it has seen; with
    /// <paramref name="collectGarbage"/> the heap is read after forced full, compacting collections (only live objects count).
    /// </summary>
    Task<SiloSample> SampleAsync(bool collectGarbage);
}
