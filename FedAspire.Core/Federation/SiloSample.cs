namespace FedAspire.Core.Federation;

/// <summary>One silo process at one moment; counters and span sums are cumulative since the probe first ran in that process.</summary>
/// <param name="Silo">The silo's parsable address (where the probe actually ran).</param>
/// <param name="ProcessId">The silo's operating-system process id.</param>
/// <param name="HeapBytes">Managed heap in use (after forced collections when asked for).</param>
/// <param name="WorkingSetBytes">The process's resident memory now.</param>
/// <param name="PeakWorkingSetBytes">The process's largest resident memory so far.</param>
/// <param name="CpuSeconds">The process's CPU time, all threads.</param>
/// <param name="Messages">Orleans messages this silo sent to and received from other processes, and its local calls.</param>
/// <param name="PhaseSeconds">Wall seconds per aggregator span name, summed over the spans this process ran.</param>
/// <param name="PhaseCpuSeconds">This process's CPU seconds while each span was open.</param>
[GenerateSerializer, Immutable]
public sealed record SiloSample(
    [property: Id(0)] string Silo,
    [property: Id(1)] int ProcessId,
    [property: Id(2)] long HeapBytes,
    [property: Id(3)] long WorkingSetBytes,
    [property: Id(4)] long PeakWorkingSetBytes,
    [property: Id(5)] double CpuSeconds,
    [property: Id(6)] SiloMessageCounts Messages,
    [property: Id(7)] IReadOnlyDictionary<string, double> PhaseSeconds,
    [property: Id(8)] IReadOnlyDictionary<string, double> PhaseCpuSeconds);
