using FedAspire.Core.Federation;

namespace FedAspire.Lab.Experiments;

/// <summary>One silo process of a scale run: what it hosted and what it cost (machine- and load-dependent, like <see cref="ScaleTimings"/>).</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="DeviceGrains">Device grains activated on it after ingest.</param>
/// <param name="FacilityGrains">Facility grains activated on it after ingest.</param>
/// <param name="HostsAggregator">True for the silo whose aggregator ran the round (the round's spans are its).</param>
/// <param name="HeapBytesPerDeviceGrain">Heap growth over ingest (after full collections) / its device grains; includes its share of facility registrations.</param>
/// <param name="IngestDeviceGrainsPerSecond">Its device grains / the run's ingest seconds.</param>
/// <param name="IngestCpuSeconds">Its process CPU over ingest and registration.</param>
/// <param name="RoundCpuSeconds">Its process CPU over the round.</param>
/// <param name="IngestMessages">Orleans messages it sent and received over ingest.</param>
/// <param name="RoundMessages">Orleans messages it sent and received over the round.</param>
public sealed record SiloScaleTimings(string Silo, int ProcessId, int DeviceGrains, int FacilityGrains, bool HostsAggregator,
    long HeapBeforeBytes, long HeapAfterIngestBytes, double HeapBytesPerDeviceGrain,
    long WorkingSetBeforeBytes, long WorkingSetAfterIngestBytes, long WorkingSetAfterRoundBytes, long PeakWorkingSetBytes,
    double IngestDeviceGrainsPerSecond, double IngestCpuSeconds, double RoundCpuSeconds,
    SiloMessageCounts IngestMessages, SiloMessageCounts RoundMessages)
{
    /// <summary>
    /// A silo's figures from its samples before ingest and after it (both after full collections), just before the round and
    /// after it.
    /// </summary>
    public static SiloScaleTimings From(SiloSample before, SiloSample afterIngest, SiloSample roundStart, SiloSample afterRound, int deviceGrains,
        int facilityGrains, double ingestSeconds)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(afterIngest);
        ArgumentNullException.ThrowIfNull(roundStart);
        ArgumentNullException.ThrowIfNull(afterRound);
        return new SiloScaleTimings(before.Silo, before.ProcessId, deviceGrains, facilityGrains, RanRound(roundStart, afterRound),
            before.HeapBytes, afterIngest.HeapBytes, deviceGrains > 0 ? (afterIngest.HeapBytes - before.HeapBytes) / (double)deviceGrains : double.NaN,
            before.WorkingSetBytes, afterIngest.WorkingSetBytes, afterRound.WorkingSetBytes, afterRound.PeakWorkingSetBytes,
            deviceGrains / ingestSeconds, afterIngest.CpuSeconds - before.CpuSeconds, afterRound.CpuSeconds - roundStart.CpuSeconds,
            afterIngest.Messages.Since(before.Messages), afterRound.Messages.Since(roundStart.Messages));
    }

    /// <summary>True when the silo ran a round's span between the two samples (its aggregator ran the round).</summary>
    public static bool RanRound(SiloSample from, SiloSample to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return to.PhaseSeconds.GetValueOrDefault(RoundSpan) > from.PhaseSeconds.GetValueOrDefault(RoundSpan);
    }

    /// <summary>The aggregator's span of a whole round.</summary>
    public const string RoundSpan = "federation.round";
}
