using FedAspire.Core.Federation;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Measured times and memory of a scale run (machine- and load-dependent, kept apart from the deterministic metrics). Memory and
/// CPU figures are sums over the silo processes (the lab itself when its one silo is embedded); <see cref="Silos"/> has each.
/// </summary>
/// <param name="SiloProcesses">Silo processes of the cluster; 0 when the silo ran inside the lab.</param>
/// <param name="IngestCpuSeconds">CPU time of every process of the run during ingest (all threads; steadier than wall time on a shared machine).</param>
/// <param name="RoundCpuSeconds">CPU time of every process of the run during the round.</param>
/// <param name="LabCpuSeconds">The lab's own CPU over ingest and round (a cluster's client; the silo too when embedded).</param>
/// <param name="RoundPhaseSeconds">Wall seconds per aggregator span of the round (<c>federation.round</c> is the whole round; the others are its steps).</param>
/// <param name="RoundPhaseCpuSeconds">CPU seconds of the aggregator's silo process per span of the round.</param>
/// <param name="WorkingSetBytes">Resident memory of the silo processes after the round.</param>
/// <param name="PeakWorkingSetBytes">The silo processes' peaks, summed (each reached its own at its own time).</param>
/// <param name="IngestMessages">Orleans messages over ingest, summed over silos (a message between two silos counts as sent by one, received by the other).</param>
/// <param name="RoundMessages">Orleans messages over the round, summed over silos.</param>
public sealed record ScaleTimings(double IngestSeconds, double RoundSeconds, double DevicesPerSecond, double HeapBytesPerDevice,
    long HeapBeforeBytes, long HeapAfterIngestBytes, long WorkingSetBytes, int ProcessorCount,
    double IngestCpuSeconds, double RoundCpuSeconds, IReadOnlyDictionary<string, double> RoundPhaseSeconds,
    IReadOnlyDictionary<string, double> RoundPhaseCpuSeconds,
    int SiloProcesses, double IngestDevicesPerSecond, double LabCpuSeconds, long WorkingSetBeforeBytes, long WorkingSetAfterIngestBytes,
    long PeakWorkingSetBytes, SiloMessageCounts IngestMessages, SiloMessageCounts RoundMessages, IReadOnlyList<SiloScaleTimings> Silos)
{
    /// <summary>Resident memory the silos gained per device grain over ingest (working sets after minus before, over all devices).</summary>
    public double WorkingSetBytesPerDevice(int devices) => devices > 0 ? (WorkingSetAfterIngestBytes - WorkingSetBeforeBytes) / (double)devices : double.NaN;

    /// <summary>
    /// The silos' resident memory projected to <paramref name="devices"/> device grains: their resident memory before ingest plus
    /// the measured peak growth per device grain (peak working sets minus before, over the measured devices), times the count.
    /// </summary>
    public double ProjectedPeakWorkingSetBytes(int measuredDevices, long devices) =>
        measuredDevices > 0 ? WorkingSetBeforeBytes + (PeakWorkingSetBytes - WorkingSetBeforeBytes) / (double)measuredDevices * devices : double.NaN;
}
