using System.Diagnostics;
using System.Globalization;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Federation;
using FedAspire.Lab.Reports;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Runs a scenario to completion in this process: starts an embedded silo with the scenario's facility partitions, configures one
/// federation per (partition x strategy) arm and calls <see cref="IAggregatorGrain.RunRoundAsync"/> for every round, then runs the
/// centralized baselines on the same data. The scale data set runs <see cref="ScaleExperiment"/> instead.
/// </summary>
public sealed class ExperimentRunner(ExperimentScenario scenario, string repositoryRoot, string outputDirectory, Action<string> log)
{
    /// <summary>Runs everything; returns the deterministic result, the timings and the final scores for plots.</summary>
    public async Task<(ExperimentResult Result, ExperimentTimings Timings, IReadOnlyList<ArmScores> Scores)> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        if (scenario.Dataset == "scale")
        {
            var (scale, scaleTimings) = await ScaleExperiment.RunAsync(scenario, repositoryRoot, outputDirectory, log, cancellationToken);
            var notes = new List<string> { ScaleExperiment.Describe(scenario.Scale ?? new ScenarioScale()) };
            return (new ExperimentResult(scenario, notes, [], scale),
                new ExperimentTimings(started, total.Elapsed.TotalSeconds, new Dictionary<string, double[]>(), scaleTimings), []);
        }

        var partitions = ExperimentDataLoader.Load(scenario, repositoryRoot, new Progress<string>(m => log("  " + m)));
        var allNotes = partitions.SelectMany(p => p.Notes).Distinct().ToList();
        foreach (var p in partitions)
            log($"partition {p.Name}: " + string.Join(", ", p.Clients.Select(c => FormattableString.Invariant($"{c.Id} {c.Data.TrainCount}/{c.Data.HeldOutCount} rows ({c.Data.HeldOutAnomalous.Count(a => a)} anomalous)"))));

        var features = partitions[0].Features;
        var spec = BuildSpec(scenario.Model, features);
        if (spec.BottleneckWarning() is { } warning) log("warning: " + warning);
        // Attackers: the first participants of every partition (id order). Only the federated arms meet them; baselines train on clean data.
        string[] attackers = scenario.Poisoning is { } attack ? [.. partitions.SelectMany(p => p.Clients.Select(c => c.Id).Order(StringComparer.Ordinal).Take(attack.Attackers))] : [];
        bool labelFlip = scenario.Poisoning?.Attack == "label-flip";
        if (scenario.Poisoning is { } a)
        {
            var note = $"Poisoning: {a.Attack}{(labelFlip ? " (its held-out anomalies trained as normal)" : FormattableString.Invariant($" x{a.Factor}"))} by {string.Join(", ", attackers)} in every round of every federated arm; the baselines train on clean data.";
            log(note);
            allNotes.Add(note);
        }
        var source = new InMemoryFacilityDataSource(features,
            partitions.SelectMany(p => p.Clients).ToDictionary(c => c.Id, c => labelFlip && attackers.Contains(c.Id) ? LabelFlipAttack.Apply(c.Data) : c.Data, StringComparer.Ordinal),
            $"scenario {scenario.Name}");
        var poisoner = scenario.Poisoning is { } update && !labelFlip ? new PoisoningCallFilter(update, attackers, scenario.Seed) : null;
        var arms = new List<ArmResult>();
        var scores = new List<ArmScores>();
        var timings = new Dictionary<string, double[]>(StringComparer.Ordinal);

        await using (var silo = await ExperimentSilo.StartAsync(source, Path.Combine(outputDirectory, "registry"), 4096, cancellationToken, poisoner))
        {
            log($"silo started (embedded, memory storage, registry {Path.Combine(outputDirectory, "registry")})");
            foreach (var partition in partitions)
                foreach (var strategy in scenario.Strategies)
                {
                    var (arm, armScores, seconds) = await RunArmAsync(silo, partition, strategy, spec, cancellationToken);
                    arms.Add(arm);
                    scores.Add(armScores);
                    timings[arm.Name] = seconds;
                }
        }

        var training = Training(0);
        void RunBaseline(Func<(ArmResult Arm, ArmScores Scores)> run)
        {
            var sw = Stopwatch.StartNew();
            var (arm, s) = run();
            LogSkabProtocol(arm.Name, arm.SkabProtocol);
            arms.Add(arm); scores.Add(s); timings[arm.Name] = [sw.Elapsed.TotalSeconds];
            log(BaselineEvaluation.Describe(arm));
        }
        foreach (var partition in partitions)
        {
            if (scenario.Baselines.Contains("centralized-ae"))
            {
                log($"{partition.Name}/centralized-ae: the same autoencoder on pooled training data, {scenario.Rounds} x {scenario.Training.Epochs} epoch(s)");
                RunBaseline(() => CentralizedBaselines.Autoencoder(scenario, partition, spec, training, log, cancellationToken));
            }
            if (scenario.Baselines.Contains("pca")) RunBaseline(() => CentralizedBaselines.Pca(scenario, partition, spec));
            if (scenario.Baselines.Contains("zscore")) RunBaseline(() => BaselineArms.ZScore(scenario, partition, spec));
            if (scenario.Baselines.Contains("iforest")) RunBaseline(() => BaselineArms.IsolationForest(scenario, partition, spec));
        }
        return (new ExperimentResult(scenario, allNotes, arms, null), new ExperimentTimings(started, total.Elapsed.TotalSeconds, timings, null), scores);
    }

    private async Task<(ArmResult, ArmScores, double[])> RunArmAsync(ExperimentSilo silo, PreparedPartition partition, ScenarioStrategy strategy, ModelSpec spec, CancellationToken cancellationToken)
    {
        string label = ScenarioFile.ArmLabel(strategy);
        string arm = $"{partition.Name}/{label}";
        string federation = FederationName(scenario.Name, partition.Name, label);
        var participants = partition.Clients.Select(c => c.Id).ToArray();
        var definition = new FederationDefinition(
            federation,
            spec,
            strategy.Canonicalized(),
            // Rounds run on demand (long interval); quorum 1 so a client without data is recorded as a rejection, not a failed round.
            new RoundSchedule(TimeSpan.FromHours(1), 1.0, participants.Length, 1, TimeSpan.FromMinutes(10), 0f),
            Training(AggregationStrategies.Canonical(strategy.Name) == "fedprox" ? strategy.Mu : 0f),
            participants,
            scenario.WindowStride,
            Detection(scenario),
            // Simulated clients are honest, and quantity-skew scenarios study FedAvg's own weighting: no share cap here.
            ClaimLimits.Default with { MaxShare = 1 },
            scenario.PrivacyFor(strategy),
            Buffered: strategy.IsFedBuff ? strategy.FedBuffOrDefault.ToOptions() : null);
        var aggregator = silo.Grains.GetGrain<IAggregatorGrain>(federation);
        await aggregator.ConfigureAsync(definition);
        // A FedBuff arm spends the synchronous arms' client-update budget (rounds x participants) on its simulated clock.
        var fedbuff = strategy.IsFedBuff ? new FedBuffSimulation(silo.Grains, aggregator, participants, strategy.FedBuffOrDefault, scenario.Seed) : null;
        log(fedbuff is null
            ? $"{arm}: federation '{federation}', {participants.Length} facilities, {scenario.Rounds} rounds"
            : $"{arm}: federation '{federation}', {participants.Length} facilities, FedBuff ({definition.Buffered!.Summary()}) on a simulated clock, " +
              (strategy.FedBuffOrDefault.Budget == "time" ? $"the simulated time of {scenario.Rounds} synchronous rounds" : $"{scenario.Rounds * participants.Length} client updates") +
              "; mean job durations " +
              string.Join(", ", participants.Select((p, i) => FormattableString.Invariant($"{p} {fedbuff.MeanDurations[i]:F2}"))));
        var records = fedbuff is null
            ? SynchronousRounds(aggregator, scenario.Rounds, cancellationToken)
            : fedbuff.RunAsync(scenario.Rounds * participants.Length,
                strategy.FedBuffOrDefault.Budget == "time" ? fedbuff.SynchronousTime(scenario.Rounds) : double.PositiveInfinity, cancellationToken);
        var rows = new List<RoundRow>();
        var seconds = new List<double>();
        await foreach (var record in records)
        {
            var m = record.Evaluation?.Metrics;
            // The federated evaluation only has per-facility AUCs; the pooled PR-AUC of this round's model is scored here in-process.
            double pooledPrAuc = double.NaN, globalLoss = double.NaN;
            if (record.Outcome != RoundOutcome.Failed && await silo.Registry.GetLatestAsync(federation, cancellationToken) is { } version)
            {
                var detection = definition.DetectionOrDefault;
                pooledPrAuc = ScoreVersion(partition, version, detection).Pooled.PrAuc;
                globalLoss = HeldOutScoring.TrainingLoss(partition, version.Spec, version.Parameters, w => w.NormalizationFor(detection.Normalization, version.Normalization),
                    scenario.WindowStride, detection.CalibrationFraction);
            }
            rows.Add(new RoundRow((int)record.RoundId, record.Outcome.ToString(), record.Version, record.Contributions.Count, record.Sampled.Count, record.Samples,
                record.TrainingLoss, record.Evaluation?.Loss ?? double.NaN, record.Threshold, m?.F1 ?? double.NaN, m?.FalseAlarmRate ?? double.NaN,
                m?.MissedAlarmRate ?? double.NaN, m?.PrAuc ?? double.NaN, m?.RocAuc ?? double.NaN, record.Rejections.Count, record.Failures.Count, pooledPrAuc,
                record.Privacy?.Epsilon ?? double.NaN, globalLoss));
            seconds.Add(record.Duration.TotalSeconds);
            log($"  {arm,-28} {EmbeddedFederationRunner.Describe(record)}  PR-AUC (pooled) {MetricText.Format(pooledPrAuc)}  global loss {globalLoss:F4}" +
                (record.Buffered is { } step ? FormattableString.Invariant($"  staleness mean {step.MeanStaleness:F2} max {step.MaxStaleness}") : ""));
            // The federation refuses rounds past its privacy budget from here on: the arm ends with its last version.
            if (record.Outcome == RoundOutcome.BudgetExhausted) break;
        }
        var asynchronous = fedbuff?.Summary(scenario.Rounds);
        if (asynchronous is not null)
            log(FormattableString.Invariant($"{arm}: {asynchronous.Steps.Count} steps from {asynchronous.Reported} reported updates ({asynchronous.Rejected} rejected) in {asynchronous.SimulatedTime:F2} simulated time units; synchronous rounds at the same speeds: {asynchronous.SynchronousTime:F2}"));
        var latest = await silo.Registry.GetLatestAsync(federation, cancellationToken);
        if (latest is null)
        {
            var empty = DetectionSummary.From(null, float.NaN, 0, double.NaN);
            return (new ArmResult(arm, partition.Name, label, "federated", rows, empty, float.NaN, [], FedBuff: asynchronous), new ArmScores(arm, [], [], float.NaN), seconds.ToArray());
        }
        var (clients, pooled, scores, labels, thresholds) = ScoreVersion(partition, latest, definition.DetectionOrDefault);
        var skab = SkabProtocolEvaluation.ForArm(scenario, partition, latest.Spec, latest.Normalization,
            SkabProtocolEvaluation.Scores(new Core.Learning.Autoencoder(latest.Spec, latest.Parameters)));
        LogSkabProtocol(arm, skab);
        return (new ArmResult(arm, partition.Name, label, "federated", rows, pooled, CentralizedBaselines.TestQuantile(scores, scenario.TestErrorQuantile), clients, skab, asynchronous),
            new ArmScores(arm, scores, labels, latest.Threshold).WithWindows(partition, latest.Spec.Window, scenario.WindowStride, ThresholdOf(latest)) with { Thresholds = thresholds },
            seconds.ToArray());
    }

    private static async IAsyncEnumerable<RoundRecord> SynchronousRounds(IAggregatorGrain aggregator, int rounds,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int r = 0; r < rounds; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await aggregator.RunRoundAsync();
        }
    }

    /// <summary>A published version on every facility's held-out windows, as the live federation scores them (own normalization, own threshold).</summary>
    private (IReadOnlyList<ClientResult> Clients, DetectionSummary Pooled, float[] Scores, bool[] Labels, float[] Thresholds) ScoreVersion(
        PreparedPartition partition, Aggregator.Registry.GlobalModelVersion version, DetectionSettings detection) =>
        HeldOutScoring.ScoreCalibrated(partition, version.Spec, version.Parameters, w => w.NormalizationFor(detection.Normalization, version.Normalization),
            ThresholdOf(version), scenario.WindowStride, detection);

    /// <summary>A participant's threshold in <paramref name="version"/>: its calibrated one, else the federation's.</summary>
    private static Func<string, float> ThresholdOf(Aggregator.Registry.GlobalModelVersion version)
    {
        var thresholds = version.Calibration?.ThresholdsByParticipant() ?? new Dictionary<string, float>();
        return id => thresholds.GetValueOrDefault(id, version.Threshold);
    }

    private void LogSkabProtocol(string arm, SkabProtocolResult? r)
    {
        if (r is null) return;
        log(FormattableString.Invariant($"{arm} SKAB protocol (point-wise): whole files F1 {r.WholeFile.F1:F3} FAR {100 * r.WholeFile.FalseAlarmRate:F2}% MAR {100 * r.WholeFile.MissedAlarmRate:F2}%; test parts F1 {r.TestPart.F1:F3} FAR {100 * r.TestPart.FalseAlarmRate:F2}% MAR {100 * r.TestPart.MissedAlarmRate:F2}%"));
    }

    private TrainingOptions Training(float mu) => new(
        scenario.Training.Epochs, scenario.Training.BatchSize, scenario.Training.LearningRate,
        scenario.Training.Optimizer == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam, 0.9f, mu, scenario.Seed);

    /// <summary>The detection settings of a scenario (normalization, false-alarm target, calibration share).</summary>
    public static DetectionSettings Detection(ExperimentScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new DetectionSettings(scenario.Normalization == "global" ? NormalizationMode.Global : NormalizationMode.Local,
            scenario.FalseAlarmTarget, scenario.CalibrationFraction > 0 ? scenario.CalibrationFraction : DetectionSettings.Default.CalibrationFraction,
            scenario.DriftHorizon);
    }

    /// <summary>The model spec of a scenario over <paramref name="features"/>.</summary>
    public static ModelSpec BuildSpec(ScenarioModel model, IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(model);
        var activation = Enum.Parse<Activation>(model.Activation, ignoreCase: true);
        return model.Kind == "conv"
            ? ModelSpec.ConvAutoencoder(features, model.Window, model.Channels, activation)
            : ModelSpec.DenseAutoencoder(features, model.Hidden, activation, model.Window);
    }

    /// <summary>A registry-safe federation name for an arm.</summary>
    public static string FederationName(string scenarioName, string partition, string label) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{scenarioName}.{partition}.{label}")
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
}
