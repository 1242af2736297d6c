using System.Globalization;
using System.Text;
using FedAspire.Core.Federation;
using FedAspire.Lab.Experiments;

namespace FedAspire.Lab.Reports;

/// <summary>A scale run's figures per silo and in total, as console lines and as the scale section of <c>report.md</c>.</summary>
public static class ScaleReport
{
    /// <summary>The device count the issue asks about; the report projects the measured memory per device grain to it.</summary>
    public const long ProjectedDevices = 10_000_000;

    private const double MiB = 1048576.0, GiB = 1073741824.0;

    /// <summary>One line per silo, a total line and the memory projection.</summary>
    public static IEnumerable<string> SiloLines(ScaleResult result, ScaleTimings timings)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(timings);
        foreach (var s in timings.Silos)
            yield return FormattableString.Invariant($"silo {s.Silo} (pid {s.ProcessId}{(s.HostsAggregator ? ", aggregator" : "")}): {s.DeviceGrains:N0} device grains, {s.FacilityGrains:N0} facility grains; heap +{(s.HeapAfterIngestBytes - s.HeapBeforeBytes) / MiB:N0} MiB ({s.HeapBytesPerDeviceGrain:N0} B per device grain); working set {s.WorkingSetAfterIngestBytes / MiB:N0} MiB after ingest, {s.WorkingSetAfterRoundBytes / MiB:N0} MiB after the round, peak {s.PeakWorkingSetBytes / MiB:N0} MiB; CPU s ingest {s.IngestCpuSeconds:F1}, round {s.RoundCpuSeconds:F1}; round messages {Messages(s.RoundMessages)}");
        yield return FormattableString.Invariant($"total ({Where(timings)}): {result.Devices:N0} device grains; ingest {timings.IngestSeconds:F1} s ({timings.IngestDevicesPerSecond:N0} device grains/s), round {timings.RoundSeconds:F2} s ({timings.DevicesPerSecond:N0} device grains/s); heap {timings.HeapBytesPerDevice:N0} B per device grain; working sets {timings.WorkingSetAfterIngestBytes / GiB:F2} GiB after ingest, peaks {timings.PeakWorkingSetBytes / GiB:F2} GiB; round messages {Messages(timings.RoundMessages)}");
        yield return Projection(result, timings);
    }

    /// <summary>The scale section of <c>report.md</c>: the run, its phases, a table per silo with a total row, and the projection.</summary>
    public static void AppendMarkdown(StringBuilder md, ScaleResult scale, ScaleTimings t)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(t);
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("## Scale").AppendLine();
        md.AppendLine(c, $"Where: {Where(t)}.").AppendLine();
        md.AppendLine("| device grains | facility grains | readings/device | registered | outcome | samples | ingest s | ingest CPU s | round s | round CPU s | device grains/s (round) | heap bytes / device grain | working set MiB |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        md.AppendLine(c, $"| {scale.Devices:N0} | {scale.Facilities:N0} | {scale.ReadingsPerDevice} | {scale.RegisteredDevices:N0} | {scale.Outcome} | {scale.Samples:N0} | {t.IngestSeconds:F2} | {t.IngestCpuSeconds:F2} | {t.RoundSeconds:F2} | {t.RoundCpuSeconds:F2} | {t.DevicesPerSecond:N0} | {t.HeapBytesPerDevice:N0} | {t.WorkingSetBytes / MiB:N0} |");
        md.AppendLine();
        if (t.RoundPhaseSeconds.Count > 0)
        {
            md.AppendLine("Where the round's time goes (the aggregator's spans; `federation.round` is the whole round; CPU of the aggregator's silo process):").AppendLine();
            md.AppendLine("| span | wall s | CPU s |").AppendLine("|---|---|---|");
            foreach (var (span, seconds) in t.RoundPhaseSeconds)
                md.AppendLine(c, $"| `{span}` | {seconds:F2} | {t.RoundPhaseCpuSeconds.GetValueOrDefault(span, double.NaN):F2} |");
            md.AppendLine();
        }
        md.AppendLine("Per silo (heap after forced full collections; messages are Orleans messages written to / read from connections, with bytes, and calls delivered inside the silo):").AppendLine();
        md.AppendLine("| silo | pid | device grains | facility grains | ingest device grains/s | heap before MiB | heap after ingest MiB | heap B / device grain | working set before / after ingest / after round MiB | peak working set MiB | ingest CPU s | round CPU s | round messages sent (MiB) | round messages received (MiB) | round local calls |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in t.Silos)
            md.AppendLine(c, $"| {s.Silo}{(s.HostsAggregator ? " (aggregator)" : "")} | {s.ProcessId} | {s.DeviceGrains:N0} | {s.FacilityGrains:N0} | {s.IngestDeviceGrainsPerSecond:N0} | {s.HeapBeforeBytes / MiB:N0} | {s.HeapAfterIngestBytes / MiB:N0} | {s.HeapBytesPerDeviceGrain:N0} | {s.WorkingSetBeforeBytes / MiB:N0} / {s.WorkingSetAfterIngestBytes / MiB:N0} / {s.WorkingSetAfterRoundBytes / MiB:N0} | {s.PeakWorkingSetBytes / MiB:N0} | {s.IngestCpuSeconds:F1} | {s.RoundCpuSeconds:F1} | {s.RoundMessages.SentMessages:N0} ({s.RoundMessages.SentBytes / MiB:N1}) | {s.RoundMessages.ReceivedMessages:N0} ({s.RoundMessages.ReceivedBytes / MiB:N1}) | {s.RoundMessages.LocalMessages:N0} |");
        md.AppendLine(c, $"| **total** | | {t.Silos.Sum(s => s.DeviceGrains):N0} | {t.Silos.Sum(s => s.FacilityGrains):N0} | {t.IngestDevicesPerSecond:N0} | {t.HeapBeforeBytes / MiB:N0} | {t.HeapAfterIngestBytes / MiB:N0} | {t.HeapBytesPerDevice:N0} | {t.WorkingSetBeforeBytes / MiB:N0} / {t.WorkingSetAfterIngestBytes / MiB:N0} / {t.WorkingSetBytes / MiB:N0} | {t.PeakWorkingSetBytes / MiB:N0} | {t.IngestCpuSeconds:F1} | {t.RoundCpuSeconds:F1} | {t.RoundMessages.SentMessages:N0} ({t.RoundMessages.SentBytes / MiB:N1}) | {t.RoundMessages.ReceivedMessages:N0} ({t.RoundMessages.ReceivedBytes / MiB:N1}) | {t.RoundMessages.LocalMessages:N0} |");
        md.AppendLine();
        md.AppendLine(c, $"Ingest moved {Messages(t.IngestMessages)}; the lab's own CPU (the client{(t.SiloProcesses == 0 ? " and the silo" : "")}) over ingest and round: {t.LabCpuSeconds:F1} s, counted in the totals' CPU.").AppendLine();
        md.AppendLine(Projection(scale, t)).AppendLine();
    }

    private static string Where(ScaleTimings t) => t.SiloProcesses == 0
        ? "one silo inside the lab process"
        : FormattableString.Invariant($"{t.SiloProcesses} silo process{(t.SiloProcesses == 1 ? "" : "es")} on loopback, {t.ProcessorCount} cores shared by all of them and the lab");

    private static string Messages(SiloMessageCounts m) =>
        FormattableString.Invariant($"sent {m.SentMessages:N0} ({m.SentBytes / MiB:N1} MiB), received {m.ReceivedMessages:N0} ({m.ReceivedBytes / MiB:N1} MiB), local {m.LocalMessages:N0}");

    private static string Projection(ScaleResult result, ScaleTimings t) => FormattableString.Invariant(
        $"Memory per device grain: {t.HeapBytesPerDevice:N0} B of heap, {t.WorkingSetBytesPerDevice(result.Devices):N0} B of working set after ingest, {(t.PeakWorkingSetBytes - t.WorkingSetBeforeBytes) / (double)result.Devices:N0} B at the peaks; at the peaks' rate {ProjectedDevices:N0} device grains would need {t.ProjectedPeakWorkingSetBytes(result.Devices, ProjectedDevices) / GiB:F1} GiB of silo working set (this machine: {MachineMemory()}).");

    private static string MachineMemory()
    {
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return FormattableString.Invariant($"{total / GiB:F1} GiB");
    }
}
