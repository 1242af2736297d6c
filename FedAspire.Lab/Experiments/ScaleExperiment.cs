using System.Diagnostics;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Federation;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// The scale scenario: N device grains, each fed a small synthetic buffer through <see cref="IDeviceGrain.IngestAsync"/>, spread
/// over F facility grains (which have no data of their own); then one federated round through the hierarchy. Measures ingest
/// time, round time, device grains per second and managed heap per device grain (heap delta after full collections / N).
/// </summary>
public static class ScaleExperiment
{
    /// <summary>One sentence describing the setup.</summary>
    public static string Describe(ScenarioScale s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return FormattableString.Invariant($"Scale: {s.Devices:N0} device grains x {s.ReadingsPerDevice} readings of {s.Features} sensors, over {s.Facilities:N0} facility grains without own data; one round (first round: federated normalization, local training on every device, facility-level FedAvg, score histograms, ONNX export, publish).");
    }

    /// <summary>Runs the scale scenario.</summary>
    public static async Task<(ScaleResult Result, ScaleTimings Timings)> RunAsync(ExperimentScenario scenario, string registryDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(log);
        var s = scenario.Scale ?? new ScenarioScale();
        var features = Enumerable.Range(0, s.Features).Select(i => $"s{i}").ToArray();
        var facilities = Enumerable.Range(0, s.Facilities).Select(i => $"facility-{i:D5}").ToArray();
        var source = new InMemoryFacilityDataSource(features, new Dictionary<string, FacilityPartition>(), "scale: facilities without own data");
        log(Describe(s));
        await using var silo = await ExperimentSilo.StartAsync(source, registryDirectory, Math.Max(s.ReadingsPerDevice, 1), cancellationToken);

        long heapBefore = FullCollectHeap();
        var ingestCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var ingest = Stopwatch.StartNew();
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, s.Devices), new ParallelOptions { MaxDegreeOfParallelism = s.IngestConcurrency, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                string device = $"device-{i:D7}";
                var batch = new TelemetryBatch(device, facilities[i % facilities.Length], features, Readings(scenario.Seed, i, s.ReadingsPerDevice, s.Features));
                await silo.Grains.GetGrain<IDeviceGrain>(device).IngestAsync(batch);
                int n = Interlocked.Increment(ref done);
                if (n % Math.Max(1, s.Devices / 10) == 0) log(FormattableString.Invariant($"  ingest: {n:N0}/{s.Devices:N0} device grains ({ingest.Elapsed.TotalSeconds:F1} s)"));
            });
        // Registration is one-way (device -> facility): wait until every facility has seen its devices.
        int registered = 0;
        var waitLimit = Stopwatch.StartNew();
        while (waitLimit.Elapsed < TimeSpan.FromMinutes(5))
        {
            var counts = await Task.WhenAll(facilities.Select(f => silo.Grains.GetGrain<IFacilityGrain>(f).GetDevicesAsync()));
            registered = counts.Sum(c => c.Count);
            if (registered >= s.Devices) break;
            await Task.Delay(100, cancellationToken);
        }
        ingest.Stop();
        double ingestCpu = (Process.GetCurrentProcess().TotalProcessorTime - ingestCpuBefore).TotalSeconds;
        long heapAfter = FullCollectHeap();
        log(FormattableString.Invariant($"  {s.Devices:N0} device grains ingested and registered with {facilities.Length:N0} facilities in {ingest.Elapsed.TotalSeconds:F2} s ({ingestCpu:F2} CPU s); heap +{(heapAfter - heapBefore) / 1048576.0:F1} MiB ({(heapAfter - heapBefore) / (double)s.Devices:F0} B per device grain)"));

        var spec = ModelSpec.DenseAutoencoder(features, [Math.Max(1, s.Features / 2)], Activation.Relu, window: 1);
        var definition = new FederationDefinition(
            ExperimentRunner.FederationName(scenario.Name, "scale", s.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            spec, new StrategyOptions("fedavg"),
            new RoundSchedule(TimeSpan.FromHours(1), 1.0, facilities.Length, facilities.Length, TimeSpan.FromMinutes(14), 0f),
            new TrainingOptions(Epochs: scenario.Training.Epochs, BatchSize: scenario.Training.BatchSize, LearningRate: scenario.Training.LearningRate, Seed: scenario.Seed),
            facilities, 1, ExperimentRunner.Detection(scenario));
        var aggregator = silo.Grains.GetGrain<IAggregatorGrain>(definition.Name);
        await aggregator.ConfigureAsync(definition);
        using var phases = new RoundPhaseRecorder();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var round = Stopwatch.StartNew();
        var record = await aggregator.RunRoundAsync();
        round.Stop();
        // CPU seconds are less sensitive than wall seconds to other processes on a shared machine.
        double roundCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var phaseSeconds = phases.Seconds();
        var phaseCpuSeconds = phases.CpuSeconds();
        log("  " + EmbeddedFederationRunner.Describe(record));
        log(FormattableString.Invariant($"  round over {s.Devices:N0} device grains: {round.Elapsed.TotalSeconds:F2} s ({s.Devices / round.Elapsed.TotalSeconds:N0} device grains/s), {roundCpu:F2} CPU s"));
        log("  round phases (wall s / CPU s): " + string.Join(", ", phaseSeconds.Select(p =>
            FormattableString.Invariant($"{p.Key} {p.Value:F2}/{phaseCpuSeconds.GetValueOrDefault(p.Key, double.NaN):F2}"))));
        var result = new ScaleResult(s.Devices, s.Facilities, s.ReadingsPerDevice, registered, record.Outcome.ToString(), record.Contributions.Count, record.Samples, record.TrainingLoss, record.Threshold);
        var timings = new ScaleTimings(ingest.Elapsed.TotalSeconds, round.Elapsed.TotalSeconds, s.Devices / round.Elapsed.TotalSeconds,
            (heapAfter - heapBefore) / (double)s.Devices, heapBefore, heapAfter, Environment.WorkingSet, Environment.ProcessorCount, ingestCpu, roundCpu, phaseSeconds, phaseCpuSeconds);
        return (result, timings);
    }

    private static long FullCollectHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>A device's deterministic readings: a shared two-factor signal per sensor plus device-specific noise.</summary>
    public static IReadOnlyList<TelemetryReading> Readings(int seed, int device, int count, int features)
    {
        var random = new Random(StableSeed.Derive(seed, 0, $"device-{device}"));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var readings = new TelemetryReading[count];
        for (int t = 0; t < count; t++)
        {
            double a = Math.Sin(0.3 * t + device % 17), b = Math.Cos(0.1 * t);
            var values = new float[features];
            for (int f = 0; f < features; f++)
                values[f] = (float)((f % 2 == 0 ? a : b) * (1 + 0.1 * f) + 0.05 * (random.NextDouble() - 0.5));
            readings[t] = new TelemetryReading(t, start.AddSeconds(t), values);
        }
        return readings;
    }
}
