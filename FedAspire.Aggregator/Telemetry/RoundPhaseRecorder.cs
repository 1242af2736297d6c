using System.Collections.Concurrent;
using System.Diagnostics;

namespace FedAspire.Aggregator.Telemetry;

/// <summary>
/// Listens to the aggregator's own round spans (<c>federation.normalization</c>, <c>federation.train</c>, <c>federation.threshold</c>,
/// ...) in this process while it is alive and sums their durations by name, so a scale run's report shows where a round's time
/// goes without a profiler (a silo's probe keeps one; the silo that runs the aggregator sees the spans).
/// </summary>
public sealed class RoundPhaseRecorder : IDisposable
{
    private const string CpuAtStart = "fedaspire.experiment.cpu-at-start";
    private readonly ConcurrentDictionary<string, double> _seconds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _cpuSeconds = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    /// <summary>Starts listening.</summary>
    public RoundPhaseRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FederationTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity => activity.SetCustomProperty(CpuAtStart, ProcessCpuSeconds()),
            ActivityStopped = activity =>
            {
                Add(_seconds, activity.OperationName, activity.Duration.TotalSeconds);
                // Process-wide CPU while the span was open: other work overlaps only if spans do, which a scale round's steps do not.
                if (activity.GetCustomProperty(CpuAtStart) is double start) Add(_cpuSeconds, activity.OperationName, ProcessCpuSeconds() - start);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Wall seconds per span name, summed over the spans seen so far, in name order.</summary>
    public IReadOnlyDictionary<string, double> Seconds() => Sorted(_seconds);

    /// <summary>Process CPU seconds (all threads) per span name, in name order.</summary>
    public IReadOnlyDictionary<string, double> CpuSeconds() => Sorted(_cpuSeconds);

    private static void Add(ConcurrentDictionary<string, double> sums, string name, double value) =>
        sums.AddOrUpdate(name, value, (_, sum) => sum + value);

    private static SortedDictionary<string, double> Sorted(ConcurrentDictionary<string, double> sums) =>
        new(sums.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    private static double ProcessCpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
