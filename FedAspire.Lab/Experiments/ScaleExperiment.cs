using System.Diagnostics;
using System.Globalization;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Federation;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Cluster;
using FedAspire.Lab.Reports;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// The scale scenario: N device grains, each fed a small synthetic buffer through <see cref="IDeviceGrain.IngestAsync"/>, spread
/// over F facility grains (which have no data of their own); then one federated round through the hierarchy. The grains live in
/// one silo inside the lab, or with <see cref="ScenarioScale.Silos"/> in a loopback cluster of that many silo processes driven
/// from the lab as an Orleans client (<see cref="ScaleCluster"/>). Measures, per silo and in total, ingest and round time, device
/// grains per second, the round's phases, managed heap per device grain (heap delta after full collections / its device grains),
/// working sets, CPU, and the Orleans messages and bytes of ingest and round.
/// </summary>
public static class ScaleExperiment
{
    /// <summary>The run stops when the machine's available memory falls below this: 10,000,000 devices may not fit, and the kernel's OOM killer should not decide.</summary>
    public const long MemoryFloorBytes = 1L << 30;

    /// <summary>One sentence describing the setup.</summary>
    public static string Describe(ScenarioScale s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string where = s.Silos is { } n
            ? FormattableString.Invariant($" in a loopback cluster of {n} silo process{(n == 1 ? "" : "es")} (Redis membership, hash placement), driven from the lab as an Orleans client")
            : " in one silo inside the lab process";
        return FormattableString.Invariant($"Scale: {s.Devices:N0} device grains x {s.ReadingsPerDevice} readings of {s.Features} sensors, over {s.Facilities:N0} facility grains without own data{where}; one round (first round: federated normalization, local training on every device, facility-level FedAvg, score histograms, ONNX export, publish).");
    }

    /// <summary>Runs the scale scenario; outputs (the registry, a cluster's working folder) go under <paramref name="outputDirectory"/>.</summary>
    public static async Task<(ScaleResult Result, ScaleTimings Timings)> RunAsync(ExperimentScenario scenario, string repositoryRoot, string outputDirectory,
        Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(log);
        var s = scenario.Scale ?? new ScenarioScale();
        log(Describe(s));
        using var guard = MemoryGuard.Start(MemoryFloorBytes, TimeSpan.FromMilliseconds(500));
        using var guarded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, guard.Token);
        ScaleCluster? cluster = null;
        try
        {
            await using var host = await StartHostAsync(s, repositoryRoot, outputDirectory, log, guarded.Token);
            cluster = host as ScaleCluster;
            using var run = CancellationTokenSource.CreateLinkedTokenSource(guarded.Token, cluster?.Lost ?? CancellationToken.None);
            try
            {
                return await RunOnAsync(host.Grains, scenario, s, log, run.Token);
            }
            catch (Exception e) when (cluster is not null && e is not OperationCanceledException)
            {
                // A silo that died (out of memory, a crash) explains the failure better than the call that noticed it.
                throw new InvalidOperationException($"{e.Message}\n{cluster.Diagnostics()}", e);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (guard.Breach ?? cluster?.LostReason) is { } reason)
        {
            throw new ScaleRunStoppedException($"stopped: {reason}; every process of the run was ended." +
                (guard.Breach is null ? "" : " Fewer devices (--devices) fit this machine."));
        }
    }

    private static async Task<IScaleHost> StartHostAsync(ScenarioScale s, string repositoryRoot, string outputDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        string registry = Path.Combine(outputDirectory, "registry");
        int capacity = Math.Max(s.ReadingsPerDevice, 1);
        if (s.Silos is not { } silos)
        {
            var source = new InMemoryFacilityDataSource(Features(s), new Dictionary<string, FacilityPartition>(), "scale: facilities without own data");
            return await ExperimentSilo.StartAsync(source, registry, capacity, cancellationToken);
        }
        return await ScaleCluster.StartAsync(silos, ScaleCluster.LocateSiloHost(repositoryRoot), capacity, registry,
            Path.Combine(outputDirectory, "cluster"), log, cancellationToken);
    }

    private static string[] Features(ScenarioScale s) => Enumerable.Range(0, s.Features).Select(i => $"s{i}").ToArray();

    private static async Task<(ScaleResult, ScaleTimings)> RunOnAsync(IGrainFactory grains, ExperimentScenario scenario, ScenarioScale s, Action<string> log,
        CancellationToken cancellationToken)
    {
        var features = Features(s);
        var facilities = Enumerable.Range(0, s.Facilities).Select(i => $"facility-{i:D5}").ToArray();
        var before = await SiloProbes.SampleAsync(grains, collectGarbage: true, cancellationToken);
        double labCpuBefore = ProcessCpuSeconds();
        var ingest = Stopwatch.StartNew();
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, s.Devices), new ParallelOptions { MaxDegreeOfParallelism = s.IngestConcurrency, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                string device = $"device-{i:D7}";
                var batch = new TelemetryBatch(device, facilities[i % facilities.Length], features, Readings(scenario.Seed, i, s.ReadingsPerDevice, s.Features));
                await grains.GetGrain<IDeviceGrain>(device).IngestAsync(batch).WaitAsync(cancellationToken);
                int n = Interlocked.Increment(ref done);
                if (n % Math.Max(1, s.Devices / 10) == 0)
                    log(FormattableString.Invariant($"  ingest: {n:N0}/{s.Devices:N0} device grains ({ingest.Elapsed.TotalSeconds:F1} s, {MemoryGuard.AvailableBytes() / 1073741824.0:F1} GiB available)"));
            });
        // Registration is one-way (device -> facility): wait until every facility has seen its devices.
        int registered = 0;
        var waitLimit = Stopwatch.StartNew();
        while (waitLimit.Elapsed < TimeSpan.FromMinutes(5))
        {
            var counts = await Task.WhenAll(facilities.Select(f => grains.GetGrain<IFacilityGrain>(f).CountDevicesAsync())).WaitAsync(cancellationToken);
            registered = counts.Sum();
            if (registered >= s.Devices) break;
            await Task.Delay(100, cancellationToken);
        }
        ingest.Stop();
        double labIngestCpu = ProcessCpuSeconds() - labCpuBefore;
        var activations = await SiloProbes.ActivationsAsync(grains).WaitAsync(cancellationToken);
        var afterIngest = await SiloProbes.SampleAsync(grains, collectGarbage: true, cancellationToken);
        long heapBefore = before.Sum(x => x.HeapBytes), heapAfter = afterIngest.Sum(x => x.HeapBytes);
        double ingestCpu = Cpu(before, afterIngest) + (IsEmbedded(before) ? 0 : labIngestCpu);
        log(FormattableString.Invariant($"  {s.Devices:N0} device grains ingested and registered with {facilities.Length:N0} facilities in {ingest.Elapsed.TotalSeconds:F2} s ({s.Devices / ingest.Elapsed.TotalSeconds:N0} device grains/s, {ingestCpu:F2} CPU s); heap +{(heapAfter - heapBefore) / 1048576.0:F1} MiB ({(heapAfter - heapBefore) / (double)s.Devices:F0} B per device grain)"));

        var spec = ModelSpec.DenseAutoencoder(features, [Math.Max(1, s.Features / 2)], Activation.Relu, window: 1);
        var definition = new FederationDefinition(
            ExperimentRunner.FederationName(scenario.Name, "scale", s.Devices.ToString(CultureInfo.InvariantCulture)),
            spec, new StrategyOptions("fedavg"),
            new RoundSchedule(TimeSpan.FromHours(1), 1.0, facilities.Length, facilities.Length, TimeSpan.FromMinutes(14), 0f),
            new TrainingOptions(Epochs: scenario.Training.Epochs, BatchSize: scenario.Training.BatchSize, LearningRate: scenario.Training.LearningRate, Seed: scenario.Seed),
            facilities, 1, ExperimentRunner.Detection(scenario));
        var aggregator = grains.GetGrain<IAggregatorGrain>(definition.Name);
        await aggregator.ConfigureAsync(definition).WaitAsync(cancellationToken);
        double labRoundCpuBefore = ProcessCpuSeconds();
        var roundStart = await SiloProbes.SampleAsync(grains, collectGarbage: false, cancellationToken);
        var round = Stopwatch.StartNew();
        var record = await aggregator.RunRoundAsync().WaitAsync(cancellationToken);
        round.Stop();
        var afterRound = await SiloProbes.SampleAsync(grains, collectGarbage: false, cancellationToken);
        double labCpu = labIngestCpu + ProcessCpuSeconds() - labRoundCpuBefore;
        double roundCpu = Cpu(roundStart, afterRound) + (IsEmbedded(before) ? 0 : ProcessCpuSeconds() - labRoundCpuBefore);
        log("  " + EmbeddedFederationRunner.Describe(record));
        log(FormattableString.Invariant($"  round over {s.Devices:N0} device grains: {round.Elapsed.TotalSeconds:F2} s ({s.Devices / round.Elapsed.TotalSeconds:N0} device grains/s), {roundCpu:F2} CPU s"));

        SiloSample Of(IReadOnlyList<SiloSample> samples, string silo) => samples.Single(x => x.Silo == silo);
        var silos = before.Select(b =>
        {
            var (devices, facilityGrains, _) = activations.GetValueOrDefault(b.Silo);
            return SiloScaleTimings.From(b, Of(afterIngest, b.Silo), Of(roundStart, b.Silo), Of(afterRound, b.Silo), devices, facilityGrains, ingest.Elapsed.TotalSeconds);
        }).ToList();
        // The round's spans ran in the aggregator's silo; its CPU per span is that process's.
        var ran = silos.FirstOrDefault(x => x.HostsAggregator);
        var phaseSeconds = ran is null ? new SortedDictionary<string, double>() : Delta(Of(roundStart, ran.Silo).PhaseSeconds, Of(afterRound, ran.Silo).PhaseSeconds);
        var phaseCpuSeconds = ran is null ? new SortedDictionary<string, double>() : Delta(Of(roundStart, ran.Silo).PhaseCpuSeconds, Of(afterRound, ran.Silo).PhaseCpuSeconds);
        log("  round phases (wall s / CPU s of the aggregator's silo): " + string.Join(", ", phaseSeconds.Select(p =>
            FormattableString.Invariant($"{p.Key} {p.Value:F2}/{phaseCpuSeconds.GetValueOrDefault(p.Key, double.NaN):F2}"))));

        var result = new ScaleResult(s.Devices, s.Facilities, s.ReadingsPerDevice, registered, record.Outcome.ToString(), record.Contributions.Count, record.Samples, record.TrainingLoss, record.Threshold);
        var timings = new ScaleTimings(ingest.Elapsed.TotalSeconds, round.Elapsed.TotalSeconds, s.Devices / round.Elapsed.TotalSeconds,
            (heapAfter - heapBefore) / (double)s.Devices, heapBefore, heapAfter, afterRound.Sum(x => x.WorkingSetBytes), Environment.ProcessorCount,
            ingestCpu, roundCpu, phaseSeconds, phaseCpuSeconds,
            s.Silos ?? 0, s.Devices / ingest.Elapsed.TotalSeconds, labCpu, before.Sum(x => x.WorkingSetBytes), afterIngest.Sum(x => x.WorkingSetBytes),
            afterRound.Sum(x => x.PeakWorkingSetBytes),
            silos.Aggregate(SiloMessageCounts.Zero, (sum, x) => sum.Plus(x.IngestMessages)),
            silos.Aggregate(SiloMessageCounts.Zero, (sum, x) => sum.Plus(x.RoundMessages)), silos);
        foreach (var line in ScaleReport.SiloLines(result, timings)) log("  " + line);
        return (result, timings);
    }

    // In the lab's own silo the probe's process is the lab: its CPU is already counted once.
    private static bool IsEmbedded(IReadOnlyList<SiloSample> samples) => samples.Count == 1 && samples[0].ProcessId == Environment.ProcessId;

    private static double Cpu(IReadOnlyList<SiloSample> from, IReadOnlyList<SiloSample> to) =>
        to.Sum(t => t.CpuSeconds - from.Single(f => f.Silo == t.Silo).CpuSeconds);

    private static SortedDictionary<string, double> Delta(IReadOnlyDictionary<string, double> from, IReadOnlyDictionary<string, double> to) =>
        new(to.Where(p => p.Value > from.GetValueOrDefault(p.Key)).ToDictionary(p => p.Key, p => p.Value - from.GetValueOrDefault(p.Key)), StringComparer.Ordinal);

    private static double ProcessCpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
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
