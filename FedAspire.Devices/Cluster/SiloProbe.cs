using System.Diagnostics;
using FedAspire.Aggregator.Telemetry;
using FedAspire.Core.Federation;

namespace FedAspire.Devices.Cluster;

/// <summary>
/// What <see cref="SiloProbeGrain"/> reads in its process: a singleton, so its message counter and round-span recorder start with
/// the first sample (before a scale run ingests) and keep counting across probe activations; a silo nobody probes pays nothing.
/// </summary>
public sealed class SiloProbe : IDisposable
{
    private readonly OrleansMessageCounter _messages = new();
    private readonly RoundPhaseRecorder _phases = new();

    /// <summary>This process now; <paramref name="collectGarbage"/> first runs forced full, compacting collections.</summary>
    public SiloSample Sample(string silo, bool collectGarbage)
    {
        long heap;
        if (collectGarbage)
        {
            // Twice with finalizers in between: objects a finalizer releases are gone only after the second collection.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            heap = GC.GetTotalMemory(forceFullCollection: true);
        }
        else heap = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        return new SiloSample(silo, Environment.ProcessId, heap, process.WorkingSet64, process.PeakWorkingSet64, process.TotalProcessorTime.TotalSeconds,
            _messages.Read(), new Dictionary<string, double>(_phases.Seconds(), StringComparer.Ordinal),
            new Dictionary<string, double>(_phases.CpuSeconds(), StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _messages.Dispose();
        _phases.Dispose();
    }
}
